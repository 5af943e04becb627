using Integration.ServiceDefaults.Data;
using Integration.Testing.Messaging;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Integration.Messaging.Tests;

/// <summary>The SQLite settings every service's connections get, now set once per pooled physical connection.</summary>
/// <remarks>Alone: the other tests' apps clear every SQLite pool when they stop, which would hand this one a new connection.</remarks>
[Collection(nameof(SqlitePools))]
public sealed class SqliteTuningTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("integration-tuning-").FullName;

    [Fact]
    public async Task Every_open_of_a_pooled_connection_has_the_settings_and_foreign_keys_cannot_stay_off()
    {
        var options = new DbContextOptionsBuilder<EffectsDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_folder, "tuning.db")}")
            .AddInterceptors(SqliteConnectionTuning.Instance)
            .Options;
        object? firstHandle;
        await using (var db = new EffectsDbContext(options))
        {
            await db.Database.OpenConnectionAsync();
            firstHandle = ((SqliteConnection)db.Database.GetDbConnection()).Handle;
            Assert.Equal(30000L, await PragmaAsync(db, "busy_timeout"));
            Assert.Equal(1L, await PragmaAsync(db, "synchronous")); // NORMAL
            Assert.Equal(1L, await PragmaAsync(db, "foreign_keys"));
            // As a failed SQLite migration could leave it, between its table rebuild and the end.
            await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF;");
        }

        await using (var db = new EffectsDbContext(options))
        {
            await db.Database.OpenConnectionAsync();
            // The same physical connection, from the pool: set up once, but foreign keys are on again.
            Assert.Same(firstHandle, ((SqliteConnection)db.Database.GetDbConnection()).Handle);
            Assert.Equal(30000L, await PragmaAsync(db, "busy_timeout"));
            Assert.Equal(1L, await PragmaAsync(db, "synchronous"));
            Assert.Equal(1L, await PragmaAsync(db, "foreign_keys"));
        }
    }

    [Fact]
    public async Task A_page_cache_asked_for_is_set_on_the_first_open_and_kept_by_the_pooled_connection()
    {
        var file = $"Data Source={Path.Combine(_folder, "cache.db")}";
        var tuned = new DbContextOptionsBuilder<EffectsDbContext>().UseSqlite(file).AddInterceptors(new SqliteConnectionTuning(pageCacheKiB: 64 * 1024)).Options;
        for (var open = 0; open < 2; open++)
        {
            await using var db = new EffectsDbContext(tuned);
            await db.Database.OpenConnectionAsync();
            Assert.Equal(-65536L, await PragmaAsync(db, "cache_size"));
            Assert.Equal(30000L, await PragmaAsync(db, "busy_timeout"));
        }

        // Without one, SQLite's default (2,000 KiB) stays.
        var plain = new DbContextOptionsBuilder<EffectsDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_folder, "plain.db")}").AddInterceptors(SqliteConnectionTuning.Instance).Options;
        await using (var db = new EffectsDbContext(plain))
        {
            await db.Database.OpenConnectionAsync();
            Assert.Equal(-2000L, await PragmaAsync(db, "cache_size"));
        }
    }

    private static async Task<long> PragmaAsync(DbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>Tests that need SQLite's connection pools to themselves.</summary>
[CollectionDefinition(nameof(SqlitePools), DisableParallelization = true)]
public sealed class SqlitePools;
