using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Integration.Messaging.Outbox;

/// <summary>
/// The dispatcher's lease and completion on SQLite as hand-written statements. The LINQ lease took five queries
/// (oldest pending, candidates, conditional update, read back, siblings held elsewhere) and EF's query pipeline was
/// most of its cost; here it is one <c>UPDATE … RETURNING</c>. SQLite runs a write statement under the database's one
/// write lock from its first read, so no other replica or round can act between choosing the rows and leasing them:
/// the guards are evaluated once, atomically, and nothing needs giving back. Sent through EF's own command pipeline
/// (the context's connection, interceptors, logging), not a bare ADO.NET command.
/// </summary>
internal static class SqliteOutboxStatements
{
    public static bool Applies(DbContext db) => db.Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    // Every guard of the LINQ lease: due, not published, not parked, not leased; and no older row of its aggregate that
    // is unpublished, not parked and waiting (in backoff or leased elsewhere). The sibling check starts at the oldest
    // pending row (everything below it is published or parked), so it never walks an aggregate's published history.
    // Rows come back in no particular order; the caller sorts them.
    private const string LeaseSql = """
        UPDATE "outbox_messages" SET "LeaseOwner" = @token, "LeaseUntil" = @until
        WHERE "Id" IN (
            SELECT "m"."Id" FROM "outbox_messages" AS "m"
            WHERE "m"."PublishedAt" IS NULL AND "m"."DeadLetteredAt" IS NULL AND "m"."NextAttemptAt" <= @now
                AND ("m"."LeaseUntil" IS NULL OR "m"."LeaseUntil" < @now)
                AND NOT EXISTS (
                    SELECT 1 FROM "outbox_messages" AS "e"
                    WHERE "e"."AggregateKey" = "m"."AggregateKey" AND "e"."Id" < "m"."Id"
                        AND "e"."Id" >= (SELECT MIN("o"."Id") FROM "outbox_messages" AS "o" WHERE "o"."PublishedAt" IS NULL AND "o"."DeadLetteredAt" IS NULL)
                        AND "e"."PublishedAt" IS NULL AND "e"."DeadLetteredAt" IS NULL
                        AND ("e"."NextAttemptAt" > @now OR ("e"."LeaseUntil" IS NOT NULL AND "e"."LeaseUntil" >= @now)))
            ORDER BY "m"."Id"
            LIMIT @limit)
        RETURNING "Id", "EventId", "Type", "AggregateKey", "Data", "TraceParent", "CreatedAt", "Attempts", "NextAttemptAt", "LastError"
        """;

    private const string MarkPublishedSql = """
        UPDATE "outbox_messages" SET "PublishedAt" = @now, "LeaseOwner" = NULL, "LeaseUntil" = NULL
        WHERE "Id" IN (SELECT "value" FROM json_each(@ids)) AND "LeaseOwner" = @token
        """;

    private const string ReleaseSql = """
        UPDATE "outbox_messages" SET "LeaseOwner" = NULL, "LeaseUntil" = NULL
        WHERE "Id" IN (SELECT "value" FROM json_each(@ids)) AND "LeaseOwner" = @token
        """;

    public static async Task<List<OutboxMessage>> LeaseAsync(DbContext db, string token, DateTime now, TimeSpan lease, int batchSize, CancellationToken ct)
    {
        var until = now + lease;
        var command = Build(db, LeaseSql, ("token", typeof(string)), ("until", typeof(DateTime)), ("now", typeof(DateTime)), ("limit", typeof(int)));
        var values = new Dictionary<string, object?> { ["token"] = token, ["until"] = until, ["now"] = now, ["limit"] = batchSize };
        var leased = new List<OutboxMessage>(batchSize);
        await using (var reader = await command.ExecuteReaderAsync(Parameters(db, values), ct))
        {
            // The first step of UPDATE … RETURNING has leased every row: reading them back must not stop half-way for a
            // shutdown, or the leased rows stay held for LeaseDuration with nobody to release them.
            var rows = reader.DbDataReader;
            while (await rows.ReadAsync(CancellationToken.None))
            {
                leased.Add(new OutboxMessage
                {
                    Id = rows.GetInt64(0),
                    EventId = rows.GetString(1),
                    Type = rows.GetString(2),
                    AggregateKey = rows.GetString(3),
                    Data = rows.GetString(4),
                    TraceParent = rows.IsDBNull(5) ? null : rows.GetString(5),
                    CreatedAt = rows.GetDateTime(6),
                    Attempts = rows.GetInt32(7),
                    NextAttemptAt = rows.GetDateTime(8),
                    LastError = rows.IsDBNull(9) ? null : rows.GetString(9),
                    LeaseOwner = token,
                    // As read back from SQLite (text, no kind), like every other time here.
                    LeaseUntil = DateTime.SpecifyKind(until, DateTimeKind.Unspecified),
                });
            }
        }

        leased.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        return leased;
    }

    public static Task MarkPublishedAsync(DbContext db, string token, IReadOnlyCollection<long> ids, DateTime now, CancellationToken ct) =>
        Build(db, MarkPublishedSql, ("now", typeof(DateTime)), ("ids", typeof(string)), ("token", typeof(string)))
            .ExecuteNonQueryAsync(Parameters(db, new Dictionary<string, object?> { ["now"] = now, ["ids"] = IdList(ids), ["token"] = token }), ct);

    public static Task ReleaseAsync(DbContext db, string token, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        Build(db, ReleaseSql, ("ids", typeof(string)), ("token", typeof(string)))
            .ExecuteNonQueryAsync(Parameters(db, new Dictionary<string, object?> { ["ids"] = IdList(ids), ["token"] = token }), ct);

    // One JSON array parameter (read by json_each), so the statement text is the same for every list length.
    private static string IdList(IReadOnlyCollection<long> ids)
    {
        var text = new StringBuilder(ids.Count * 8).Append('[');
        foreach (var id in ids)
        {
            text.Append(text.Length == 1 ? string.Empty : ",").Append(id);
        }

        return text.Append(']').ToString();
    }

    private static IRelationalCommand Build(DbContext db, string sql, params ReadOnlySpan<(string Name, Type Type)> parameters)
    {
        var mappings = db.GetService<IRelationalTypeMappingSource>();
        var builder = db.GetService<IRelationalCommandBuilderFactory>().Create().Append(sql);
        foreach (var (name, type) in parameters)
        {
            builder.AddParameter(name, "@" + name, mappings.GetMapping(type), nullable: false);
        }

        return builder.Build();
    }

    private static RelationalCommandParameterObject Parameters(DbContext db, IReadOnlyDictionary<string, object?> values) =>
        new(db.GetService<IRelationalConnection>(), values, readerColumns: null, db, db.GetService<IRelationalCommandDiagnosticsLogger>(), CommandSource.ExecuteSqlRaw);}
