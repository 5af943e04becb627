using Integration.Contracts.Order.V1;
using Integration.Order.Data;
using Integration.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Order.Tests;

/// <summary>The Order service in memory on its own SQLite file (or, on request, a fresh PostgreSQL database).</summary>
public sealed class OrderFactory() : ServiceFactory<Program>("orderdb")
{
    /// <summary>A factory whose service runs on a new, empty PostgreSQL database.</summary>
    public static async Task<OrderFactory> OnPostgreSqlAsync()
    {
        var factory = new OrderFactory();
        factory.Set("Database:Provider", "PostgreSql");
        factory.Set("ConnectionStrings:orderdb", await PostgresServer.CreateDatabaseAsync("orderdb"));
        return factory;
    }

    public OrderService.OrderServiceClient CreateOrderClient() => new(CreateGrpcChannel());

    /// <summary>Reads the service's database directly, to check what the RPCs really stored.</summary>
    public async Task<T> QueryAsync<T>(Func<OrderDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<OrderDbContext>());
    }

    /// <summary>How many order rows and line rows exist for one channel order.</summary>
    public Task<(int Orders, int Lines)> CountAsync(string channel, string externalOrderId) =>
        QueryAsync(async db =>
        {
            var orders = await db.Orders.CountAsync(o => o.Channel == channel && o.ExternalOrderId == externalOrderId);
            var lines = await db.OrderLines.CountAsync(l => db.Orders.Any(o => o.Id == l.OrderId && o.Channel == channel && o.ExternalOrderId == externalOrderId));
            return (orders, lines);
        });
}
