using System.Data.Common;
using Integration.Inventory.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Integration.Inventory.Stock;

/// <summary>
/// The statements that change stock levels. Each is a single conditional or incremental UPDATE, so the
/// check and the change are one atomic write whatever runs beside it (other requests, other replicas);
/// every change bumps the level's version. They run on the context's connection inside its transaction.
/// </summary>
internal sealed class StockSql(InventoryDbContext db)
{
    private const string Columns = "\"Sku\", \"LocationId\", \"OnHand\", \"Reserved\", \"SafetyStock\", \"BackorderLimit\", \"Version\"";

    private readonly bool _sqlServer = db.Database.IsSqlServer();

    /// <summary>
    /// The guard: reserves <paramref name="quantity"/> only if stock (plus the backorder limit) covers it.
    /// Null when it does not (or there is no such level): nothing changed.
    /// </summary>
    public Task<LevelFigures?> TryReserveAsync(string sku, string locationId, long quantity, CancellationToken ct) =>
        UpdateAsync(
            "\"Reserved\" = \"Reserved\" + @q",
            "\"OnHand\" - \"Reserved\" - \"SafetyStock\" + \"BackorderLimit\" >= @q",
            sku, locationId, quantity, ct);

    /// <summary>Gives reserved units back (the lines' open quantity is the proof they were held).</summary>
    public Task<LevelFigures?> ReleaseAsync(string sku, string locationId, long quantity, CancellationToken ct) =>
        UpdateAsync("\"Reserved\" = \"Reserved\" - @q", "\"Reserved\" >= @q", sku, locationId, quantity, ct);

    /// <summary>Changes on-hand by <paramref name="delta"/> unless it would go below zero (null then).</summary>
    public Task<LevelFigures?> ChangeOnHandAsync(string sku, string locationId, long delta, CancellationToken ct) =>
        UpdateAsync("\"OnHand\" = \"OnHand\" + @q", "\"OnHand\" + @q >= 0", sku, locationId, delta, ct);

    /// <summary>Sets on-hand to <paramref name="counted"/> only if it is still <paramref name="expected"/> (compare and set).</summary>
    public Task<LevelFigures?> SetOnHandAsync(string sku, string locationId, long expected, long counted, CancellationToken ct) =>
        UpdateAsync("\"OnHand\" = @q", "\"OnHand\" = @expected", sku, locationId, counted, ct, ("@expected", expected));

    /// <summary>Sets safety stock and the backorder limit.</summary>
    public Task<LevelFigures?> SetPolicyAsync(string sku, string locationId, long safetyStock, long backorderLimit, CancellationToken ct) =>
        UpdateAsync("\"SafetyStock\" = @q, \"BackorderLimit\" = @limit", "1 = 1", sku, locationId, safetyStock, ct, ("@limit", backorderLimit));

    /// <summary>Creates the level with zeros if it does not exist; a concurrent creation is not an error.</summary>
    public async Task EnsureLevelAsync(string sku, string locationId, CancellationToken ct)
    {
        var sql = _sqlServer
            ? "BEGIN TRY INSERT INTO stock_levels (\"Sku\", \"LocationId\", \"OnHand\", \"Reserved\", \"SafetyStock\", \"BackorderLimit\", \"Version\", \"PublishedVersion\") " +
              "SELECT @sku, @loc, 0, 0, 0, 0, 0, 0 WHERE NOT EXISTS (SELECT 1 FROM stock_levels WHERE \"Sku\" = @sku AND \"LocationId\" = @loc) " +
              "END TRY BEGIN CATCH IF ERROR_NUMBER() NOT IN (2601, 2627) THROW; END CATCH"
            : "INSERT INTO stock_levels (\"Sku\", \"LocationId\", \"OnHand\", \"Reserved\", \"SafetyStock\", \"BackorderLimit\", \"Version\", \"PublishedVersion\") " +
              "VALUES (@sku, @loc, 0, 0, 0, 0, 0, 0) ON CONFLICT DO NOTHING";
        await using var command = await CreateAsync(sql, ct, ("@sku", sku), ("@loc", locationId));
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Every level of <paramref name="sku"/> as the database has it now.</summary>
    public async Task<List<LevelFigures>> ReadAsync(string sku, CancellationToken ct)
    {
        await using var command = await CreateAsync($"SELECT {Columns} FROM stock_levels WHERE \"Sku\" = @sku", ct, ("@sku", sku));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var levels = new List<LevelFigures>();
        while (await reader.ReadAsync(ct))
        {
            levels.Add(Read(reader));
        }

        return levels;
    }

    /// <summary>One level, or null.</summary>
    public async Task<LevelFigures?> ReadAsync(string sku, string locationId, CancellationToken ct)
    {
        await using var command = await CreateAsync($"SELECT {Columns} FROM stock_levels WHERE \"Sku\" = @sku AND \"LocationId\" = @loc", ct, ("@sku", sku), ("@loc", locationId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    private async Task<LevelFigures?> UpdateAsync(string set, string condition, string sku, string locationId, long quantity, CancellationToken ct, params (string Name, object Value)[] extra)
    {
        var returned = string.Join(", ", Columns.Split(", ").Select(c => "inserted." + c));
        var sql = _sqlServer
            ? $"UPDATE stock_levels SET {set}, \"Version\" = \"Version\" + 1 OUTPUT {returned} WHERE \"Sku\" = @sku AND \"LocationId\" = @loc AND {condition}"
            : $"UPDATE stock_levels SET {set}, \"Version\" = \"Version\" + 1 WHERE \"Sku\" = @sku AND \"LocationId\" = @loc AND {condition} RETURNING {Columns}";
        await using var command = await CreateAsync(sql, ct, [("@sku", sku), ("@loc", locationId), ("@q", quantity), .. extra]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    private static LevelFigures Read(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6));

    private async Task<DbCommand> CreateAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
