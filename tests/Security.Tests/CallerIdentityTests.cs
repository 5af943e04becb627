using Grpc.Core;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;

namespace Integration.Security.Tests;

/// <summary>
/// With Auth:Mode=Jwt the audit trail records the caller the token proves: an operator cannot act under someone
/// else's name, and an empty actor is filled from the token instead of being refused.
/// </summary>
public sealed class CallerIdentityTests : SecuredOrderTests
{
    [Fact]
    public async Task An_operator_cannot_act_under_another_name_and_an_empty_actor_is_the_tokens_subject()
    {
        var exceptionId = await OpenTotalsExceptionAsync("2001");
        var alice = new OrderService.OrderServiceClient(Order.Caller(Issuer.Issue("order.admin order.read", subject: "alice@ops")));

        var forged = await Assert.ThrowsAsync<RpcException>(() =>
            alice.IgnoreExceptionAsync(new IgnoreExceptionRequest { ExceptionId = exceptionId, Actor = "bob@ops", Reason = "not mine" }).ResponseAsync);
        var ignored = await alice.IgnoreExceptionAsync(new IgnoreExceptionRequest { ExceptionId = exceptionId, Reason = "channel rounding, checked by hand" });

        Assert.Equal(StatusCode.PermissionDenied, forged.StatusCode);
        Assert.Contains("actor 'bob@ops' is not the authenticated caller ('alice@ops')", forged.Status.Detail);
        Assert.Equal(ExceptionState.Ignored, ignored.Exception.State);
        var last = ignored.Exception.Actions[^1];
        Assert.Equal(("ignored", "alice@ops"), (last.Action, last.Actor));
        Assert.DoesNotContain(ignored.Exception.Actions, a => a.Actor == "bob@ops");
    }

    [Fact]
    public async Task Naming_oneself_is_accepted()
    {
        var exceptionId = await OpenTotalsExceptionAsync("2002");
        var alice = new OrderService.OrderServiceClient(Order.Caller(Issuer.Issue("order.admin", subject: "alice@ops")));

        var ignored = await alice.IgnoreExceptionAsync(new IgnoreExceptionRequest { ExceptionId = exceptionId, Actor = "alice@ops", Reason = "duplicate" });

        Assert.Equal("alice@ops", ignored.Exception.Actions[^1].Actor);
    }

    /// <summary>An order whose channel total differs from its lines opens a totals-mismatch exception.</summary>
    private async Task<string> OpenTotalsExceptionAsync(string externalId)
    {
        var writer = new OrderService.OrderServiceClient(Order.Caller(Issuer.Issue("order.write order.read")));
        var request = SampleOrders.Ingest(externalId);
        request.Order.Totals = new OrderTotals { Total = 1.00m.ToMoney("EUR") };
        var stored = await writer.IngestOrderAsync(request);
        var open = await writer.ListExceptionsAsync(new ListExceptionsRequest { OrderId = stored.Order.OrderId });
        return Assert.Single(open.Exceptions, e => e.Type == ExceptionType.TotalsMismatch).ExceptionId;
    }
}
