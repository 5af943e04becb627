using Grpc.Core;
using Grpc.Net.Client;
using Integration.Contracts.Admin.V1;
using Integration.Testing.Messaging;
using Microsoft.AspNetCore.TestHost;
using Contract = Integration.Contracts.Admin.V1;

namespace Integration.Messaging.DeadLetters.Tests.Support;

/// <summary>A real gRPC client of one app's AdminService, over its in-memory server.</summary>
public sealed class AdminClient : IDisposable
{
    private readonly GrpcChannel _channel;

    public AdminClient(MessagingTestApp app)
    {
        _channel = GrpcChannel.ForAddress(app.App.GetTestServer().BaseAddress, new GrpcChannelOptions { HttpHandler = app.CreateHandler() });
        Service = new AdminService.AdminServiceClient(_channel);
    }

    public AdminService.AdminServiceClient Service { get; }

    public const string Actor = "ops@example.com";

    public async Task<Contract.DeadLetter> ReplayOneAsync(string id, string reason)
    {
        var response = await Service.ReplayDeadLettersAsync(new ReplayDeadLettersRequest { DeadLetterIds = { id }, Actor = Actor, Reason = reason });
        return Assert.Single(response.DeadLetters);
    }

    /// <summary>Every dead letter, following the page tokens.</summary>
    public async Task<List<Contract.DeadLetter>> ListAllAsync(DeadLetterStatus status = DeadLetterStatus.Unspecified, int pageSize = 0)
    {
        var all = new List<Contract.DeadLetter>();
        var token = string.Empty;
        do
        {
            // A token that never runs out is a bug to report, not a test to hang.
            Assert.True(all.Count <= 10_000, "the page tokens never ran out");
            var page = await Service.ListDeadLettersAsync(new ListDeadLettersRequest { Status = status, PageSize = pageSize, PageToken = token });
            all.AddRange(page.DeadLetters);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        return all;
    }

    /// <summary>Asserts the call fails with <paramref name="code"/>; returns the error for further checks.</summary>
    public static async Task<RpcException> FailsWith(StatusCode code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, error.StatusCode);
        return error;
    }

    public void Dispose() => _channel.Dispose();
}
