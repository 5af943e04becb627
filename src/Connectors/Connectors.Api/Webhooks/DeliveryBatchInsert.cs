using System.Data;
using System.Data.Common;
using Integration.Connectors.Data;
using Integration.Connectors.Data.Deliveries;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Integration.Connectors.Webhooks;

/// <summary>
/// The group commit's insert: one prepared INSERT executed per row inside one transaction, instead of EF's change
/// tracking (which cost about as much per delivery as everything else on the intake path together). Table and column
/// names come from the EF model, and the SQL is the common subset of SQLite, PostgreSQL and SQL Server (quoted
/// identifiers, named parameters); values are the same CLR types EF would bind, so the rows read back through EF.
/// </summary>
internal static class DeliveryBatchInsert
{
    private static readonly string[] Columns =
    [
        nameof(WebhookDelivery.Channel), nameof(WebhookDelivery.Kind), nameof(WebhookDelivery.Topic), nameof(WebhookDelivery.DeliveryKey),
        nameof(WebhookDelivery.ResourceId), nameof(WebhookDelivery.Body), nameof(WebhookDelivery.HeadersJson), nameof(WebhookDelivery.ReceivedAt),
        nameof(WebhookDelivery.Status), nameof(WebhookDelivery.Attempts), nameof(WebhookDelivery.ProcessedAt),
    ];

    /// <summary>Inserts every row in one transaction; throws (nothing stored) when any row violates the unique key.</summary>
    public static async Task InsertAsync(ConnectorsDbContext db, IReadOnlyList<WebhookDelivery> rows, CancellationToken ct)
    {
        var entity = db.Model.FindEntityType(typeof(WebhookDelivery))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var names = Columns.Select(c => Quote(entity.FindProperty(c)!.GetColumnName(table)!)).ToList();
        var qualified = entity.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(table.Name)}" : Quote(table.Name);
        var sql = $"INSERT INTO {qualified} ({string.Join(", ", names)}) VALUES ({string.Join(", ", Columns.Select((_, i) => "@p" + i))})";

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            var parameters = Columns.Select((_, i) =>
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@p" + i;
                command.Parameters.Add(parameter);
                return parameter;
            }).ToArray();
            foreach (var row in rows)
            {
                object?[] values = [row.Channel, row.Kind, row.Topic, row.DeliveryKey, row.ResourceId, row.Body, row.HeadersJson, row.ReceivedAt, (int)row.Status, row.Attempts, row.ProcessedAt];
                for (var i = 0; i < values.Length; i++)
                {
                    parameters[i].Value = values[i] ?? DBNull.Value;
                    parameters[i].DbType = values[i] switch
                    {
                        byte[] => DbType.Binary,
                        DateTimeOffset => DbType.DateTimeOffset,
                        int => DbType.Int32,
                        _ => DbType.String,
                    };
                }

                await command.ExecuteNonQueryAsync(ct);
            }

            await transaction.CommitAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string Quote(string identifier) => '"' + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + '"';
}
