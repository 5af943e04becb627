using Integration.Order.Data.Facts;
using Integration.ServiceDefaults.Data;
using Microsoft.Data.Sqlite;

namespace Integration.Order.Orders;

/// <summary>
/// The group commit's two reads on SQLite, on the batch's open connection: which of the batch's orders are stored already,
/// and which channel orders have facts waiting for them. Through EF each was a query built per batch (an IN list of the
/// batch's keys is new SQL for every batch size, so SQLite prepared it again each time) and a tenth of the single
/// writer's time; here one fixed statement each, an index lookup per order. Same answers as the EF queries they replace
/// (<see cref="OrderIngestor"/> uses those on other providers): SqliteOrderLookupsTests.
/// </summary>
internal static class SqliteOrderLookups
{
    private const string OrderSql = "SELECT 1 FROM \"orders\" WHERE \"Channel\" = ?1 AND \"ExternalOrderId\" = ?2";

    private const string WaitingSql =
        "SELECT DISTINCT \"Channel\", \"ExternalOrderId\" FROM \"order_facts\" WHERE \"OrderId\" IS NULL AND \"State\" = ?1";

    /// <summary>The (channel, external order id) keys of <paramref name="keys"/> that have an order row.</summary>
    public static HashSet<(string, string)> Stored(SqliteConnection connection, IEnumerable<(string Channel, string ExternalOrderId)> keys)
    {
        var stored = new HashSet<(string, string)>();
        using var statement = new SqliteRowStatement(connection, OrderSql);
        foreach (var key in keys)
        {
            if (statement.Add(key.Channel).Add(key.ExternalOrderId).Any())
            {
                stored.Add(key);
            }
        }

        return stored;
    }

    /// <summary>The channel orders that pending facts without an order are waiting for.</summary>
    public static HashSet<(string, string)> Waiting(SqliteConnection connection)
    {
        var waiting = new HashSet<(string, string)>();
        using var statement = new SqliteRowStatement(connection, WaitingSql);
        // The state is stored by name.
        statement.Add(nameof(FactState.Pending)).Query(row => waiting.Add((row.Column(0), row.Column(1))));
        return waiting;
    }
}
