using Grpc.Core;

namespace Integration.Inventory.Tests;

/// <summary>Assertions on gRPC refusals.</summary>
internal static class RpcAssert
{
    /// <summary>The call fails with InvalidArgument, a detail starting with the field and the "field" trailer.</summary>
    public static async Task InvalidArgumentAsync(Func<Task> call, string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field + ":", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(field, error.Trailers.GetValue("field"));
    }

    /// <summary>The call fails with <paramref name="code"/> and a detail that contains <paramref name="text"/>.</summary>
    public static async Task StatusAsync(Func<Task> call, StatusCode code, string text)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, error.StatusCode);
        Assert.Contains(text, error.Status.Detail, StringComparison.Ordinal);
    }
}
