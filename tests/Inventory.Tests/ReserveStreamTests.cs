using Grpc.Core;
using Integration.Contracts.Inventory.V1;

namespace Integration.Inventory.Tests;

/// <summary>
/// ReserveStream decides each request as Reserve does: concurrent streams never oversell, every request is
/// answered exactly once, a refused request is answered with Reserve's status and the stream goes on, and a
/// repeated id answers the first outcome.
/// </summary>
public sealed class ReserveStreamTests(InventoryFactory factory) : IClassFixture<InventoryFactory>
{
    private readonly InventoryService.InventoryServiceClient _client = factory.CreateInventoryClient();

    [Fact]
    public async Task Concurrent_streams_grant_exactly_the_stock_and_answer_every_request_once()
    {
        const int units = 40, streams = 4, perStream = 60;
        await _client.AddLocationAsync("RS-WH");
        await _client.ReceiveAsync("grn-rs-1", "SKU-RS1", "RS-WH", units);

        var answers = await Task.WhenAll(Enumerable.Range(0, streams).Select(s =>
            StreamAsync(Enumerable.Range(0, perStream).Select(i => Request($"rs1-{s}-{i}", ("SKU-RS1", 1, null))))));

        var all = answers.SelectMany(a => a).ToList();
        Assert.Equal(streams * perStream, all.Count);
        Assert.Equal(all.Count, all.Select(a => a.ReservationId).Distinct().Count());
        Assert.All(all, a => Assert.Equal(ReserveStreamResponse.OutcomeOneofCase.Decided, a.OutcomeCase));
        Assert.Equal(units, all.Count(a => a.Decided.Reservation.State == ReservationState.Pending));
        Assert.All(all.Where(a => a.Decided.Reservation.State == ReservationState.Rejected), a => Assert.Single(a.Decided.Reservation.RejectedLines));
        var level = await _client.LevelAsync("SKU-RS1", "RS-WH");
        Assert.Equal((units, units), (level.OnHand, level.Reserved));
        Assert.Empty((await _client.CheckInvariantsAsync(new CheckInvariantsRequest())).Violations);
    }

    [Fact]
    public async Task A_refused_request_is_answered_with_its_status_and_the_stream_goes_on()
    {
        await _client.AddLocationAsync("RS2-WH");
        await _client.ReceiveAsync("grn-rs-2", "SKU-RS2", "RS2-WH", 10);
        var first = (await _client.ReserveAsync("rs2-first", "order-rs2-first", ("SKU-RS2", 2, null))).Reservation;

        var answers = (await StreamAsync(
        [
            Request("rs2-a", ("SKU-RS2", 1, null)),
            Request("rs2-unknown-sku", ("SKU-NOPE", 1, null)),
            Request("rs2-bad-quantity", ("SKU-RS2", 0, null)),
            Request("rs2-first", ("SKU-RS2", 2, null)),
            Request("rs2-first", ("SKU-RS2", 3, null)),
            Request("rs2-b", ("SKU-RS2", 1, null)),
        ])).ToLookup(a => a.ReservationId);

        Assert.Equal(ReservationState.Pending, answers["rs2-a"].Single().Decided.Reservation.State);
        Assert.Equal(ReservationState.Pending, answers["rs2-b"].Single().Decided.Reservation.State);
        var unknown = answers["rs2-unknown-sku"].Single().Refused;
        Assert.Equal((int)StatusCode.NotFound, unknown.Code);
        Assert.Contains("SKU-NOPE", unknown.Detail);
        var bad = answers["rs2-bad-quantity"].Single().Refused;
        Assert.Equal(((int)StatusCode.InvalidArgument, "lines[0].quantity"), (bad.Code, bad.Field));
        var repeats = answers["rs2-first"].ToList();
        Assert.Equal(2, repeats.Count);
        var same = Assert.Single(repeats, r => r.OutcomeCase == ReserveStreamResponse.OutcomeOneofCase.Decided);
        Assert.True(same.Decided.Duplicate);
        Assert.Equal(first.Lines.Single().Quantity, same.Decided.Reservation.Lines.Single().Quantity);
        Assert.Equal((int)StatusCode.AlreadyExists, Assert.Single(repeats, r => r.OutcomeCase == ReserveStreamResponse.OutcomeOneofCase.Refused).Refused.Code);
        Assert.Equal(4, (await _client.LevelAsync("SKU-RS2", "RS2-WH")).Reserved);
    }

    private static ReserveStreamRequest Request(string id, params (string Sku, long Quantity, string? Location)[] lines) =>
        new() { Reserve = InventoryClientExtensions.Request(id, "order-" + id, AllocationStrategy.Unspecified, lines) };

    private async Task<List<ReserveStreamResponse>> StreamAsync(IEnumerable<ReserveStreamRequest> requests)
    {
        using var call = _client.ReserveStream();
        var reading = Task.Run(async () =>
        {
            var answers = new List<ReserveStreamResponse>();
            await foreach (var answer in call.ResponseStream.ReadAllAsync())
            {
                answers.Add(answer);
            }

            return answers;
        });
        foreach (var request in requests)
        {
            await call.RequestStream.WriteAsync(request);
        }

        await call.RequestStream.CompleteAsync();
        return await reading;
    }
}
