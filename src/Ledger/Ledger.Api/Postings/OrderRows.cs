using System.Data.Common;
using Integration.Ledger.Data;
using Integration.Ledger.Data.Postings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Integration.Ledger.Postings;

/// <summary>
/// Writes many orders' new state in the caller's transaction with one prepared statement, each guarded by the version
/// it was read at (the same optimistic check as EF's concurrency token, without tracking every order). New facts are
/// appended to the stored fact list by the statement itself, so the (growing) list is neither read nor sent.
/// </summary>
internal static class OrderRows
{
    /// <summary>An order's new state; <paramref name="NewFacts"/> are JSON items (comma separated) to add to its fact list.</summary>
    public sealed record Change(string OrderId, long ReadVersion, long NewVersion, string StateJson, string NewFacts, DateTime UpdatedAt);

    public static async Task UpdateAsync(LedgerDbContext db, IReadOnlyList<Change> changes, CancellationToken ct)
    {
        if (changes.Count == 0)
        {
            return;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("orders are written inside the caller's transaction");
        var entity = db.Model.FindEntityType(typeof(LedgerOrder))!;
        var store = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(store)!);
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            $"UPDATE {sql.DelimitIdentifier(store.Name, store.Schema)} SET {Column(nameof(LedgerOrder.StateJson))} = @state, " +
            $"{Column(nameof(LedgerOrder.FactsJson))} = {Appended(db.Database.ProviderName, Column(nameof(LedgerOrder.FactsJson)))}, " +
            $"{Column(nameof(LedgerOrder.Version))} = @version, {Column(nameof(LedgerOrder.UpdatedAt))} = @at " +
            $"WHERE {Column(nameof(LedgerOrder.OrderId))} = @id AND {Column(nameof(LedgerOrder.Version))} = @read";
        DbParameter Parameter(string property, string name, object value)
        {
            var parameter = entity.FindProperty(property)!.GetRelationalTypeMapping().CreateParameter(command, name, value, nullable: false);
            command.Parameters.Add(parameter);
            return parameter;
        }

        var first = changes[0];
        var state = Parameter(nameof(LedgerOrder.StateJson), "@state", first.StateJson);
        var facts = Parameter(nameof(LedgerOrder.FactsJson), "@facts", first.NewFacts);
        var version = Parameter(nameof(LedgerOrder.Version), "@version", first.NewVersion);
        var at = Parameter(nameof(LedgerOrder.UpdatedAt), "@at", first.UpdatedAt);
        var id = Parameter(nameof(LedgerOrder.OrderId), "@id", first.OrderId);
        var read = Parameter(nameof(LedgerOrder.Version), "@read", first.ReadVersion);
        foreach (var change in changes)
        {
            (state.Value, facts.Value, version.Value, at.Value, id.Value, read.Value) =
                (change.StateJson, change.NewFacts, change.NewVersion, change.UpdatedAt, change.OrderId, change.ReadVersion);
            if (await command.ExecuteNonQueryAsync(ct) != 1)
            {
                throw new DbUpdateConcurrencyException($"order {change.OrderId} changed since it was read (version {change.ReadVersion}); the bulk is retried");
            }
        }
    }

    /// <summary>
    /// <paramref name="column"/> (a JSON array as our serializer writes it: "[]" or "[a,b]") with the items in @facts
    /// added at the end: the same text as <see cref="RecordedFact.Append"/> gives.
    /// </summary>
    internal static string Appended(string? provider, string column) => provider switch
    {
        "Microsoft.EntityFrameworkCore.SqlServer" =>
            $"LEFT({column}, LEN({column}) - 1) + CASE WHEN {column} = N'[]' THEN N'' ELSE N',' END + @facts + N']'",
        // SQLite and PostgreSQL: substr, length and || alike.
        _ => $"substr({column}, 1, length({column}) - 1) || CASE WHEN {column} = '[]' THEN '' ELSE ',' END || @facts || ']'",
    };
}
