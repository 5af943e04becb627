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
/// it was read at (the same optimistic check as EF's concurrency token, without tracking every order).
/// </summary>
internal static class OrderRows
{
    public sealed record Change(string OrderId, long ReadVersion, long NewVersion, string StateJson, string FactsJson, DateTime UpdatedAt);

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
            $"UPDATE {sql.DelimitIdentifier(store.Name, store.Schema)} SET {Column(nameof(LedgerOrder.StateJson))} = @state, {Column(nameof(LedgerOrder.FactsJson))} = @facts, " +
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
        var facts = Parameter(nameof(LedgerOrder.FactsJson), "@facts", first.FactsJson);
        var version = Parameter(nameof(LedgerOrder.Version), "@version", first.NewVersion);
        var at = Parameter(nameof(LedgerOrder.UpdatedAt), "@at", first.UpdatedAt);
        var id = Parameter(nameof(LedgerOrder.OrderId), "@id", first.OrderId);
        var read = Parameter(nameof(LedgerOrder.Version), "@read", first.ReadVersion);
        foreach (var change in changes)
        {
            (state.Value, facts.Value, version.Value, at.Value, id.Value, read.Value) =
                (change.StateJson, change.FactsJson, change.NewVersion, change.UpdatedAt, change.OrderId, change.ReadVersion);
            if (await command.ExecuteNonQueryAsync(ct) != 1)
            {
                throw new DbUpdateConcurrencyException($"order {change.OrderId} changed since it was read (version {change.ReadVersion}); the bulk is retried");
            }
        }
    }
}
