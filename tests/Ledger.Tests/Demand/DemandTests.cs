using System.Net.Http.Headers;
using System.Text.Json;
using CsCheck;
using Google.Protobuf;
using Grpc.Core;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Ledger.V1;
using Integration.Ledger.Data;
using Integration.Ledger.Demand;
using DemandFilter = Integration.Contracts.Ledger.V1.DemandFilter;
using Integration.Messaging.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Integration.Ledger.Tests.Postings.LedgerEvents;

namespace Integration.Ledger.Tests.Demand;

public sealed class DemandTests(LedgerFactory factory) : IClassFixture<LedgerFactory>
{
    private readonly DemandService.DemandServiceClient _demand = new(factory.CreateGrpcChannel());

    /// <summary>Stages through the recorder the way an order-event handler does, and commits.</summary>
    private async Task RecordAsync(Action<DemandRecorder> stage)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        stage(scope.ServiceProvider.GetRequiredService<DemandRecorder>());
        await scope.ServiceProvider.GetRequiredService<LedgerDbContext>().SaveChangesAsync();
    }

    /// <summary>POSTs a ReservationRejected to the Ledger's subscription route, as the transport does.</summary>
    private async Task<string> RejectAsync(ReservationRejected evt, string? eventId = null)
    {
        var type = EventTypes.Of(evt);
        var received = new ReceivedEvent(eventId ?? Guid.NewGuid().ToString("N"), type, "inventory", null, DateTimeOffset.UtcNow, null, EventJson.Format(evt));
        using var content = new ByteArrayContent(CloudEventCodec.Encode(received));
        content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventCodec.ContentType);
        using var http = factory.CreateClient();
        using var response = await http.PostAsync(new Uri($"/events/{type}/ReservationRejectedHandler", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("status").GetString()!;
    }

    private static ReservationRejected Rejected(string orderId, int day, params (string Sku, long Requested, long Available)[] lines)
    {
        var evt = new ReservationRejected { ReservationId = "R-" + orderId, OrderId = orderId, Reason = "insufficient stock", OccurredAt = At(2024, 3, day) };
        evt.Lines.AddRange(lines.Select(l => new RejectedLine { Sku = l.Sku, Requested = l.Requested, Available = l.Available, Shortfall = Math.Max(0, l.Requested - l.Available) }));
        return evt;
    }

    private async Task<List<DemandDay>> StreamAsync(string sku, string from, string to, string location = "")
    {
        using var call = _demand.StreamDemand(new StreamDemandRequest { Filter = new DemandFilter { Sku = sku, FromDate = from, ToDate = to, LocationId = location } });
        var rows = new List<DemandDay>();
        await foreach (var row in call.ResponseStream.ReadAllAsync())
        {
            rows.Add(row.Day);
        }

        return rows;
    }

    private static string Row(DemandDay d) => $"{d.Day} {d.Sku} {d.LocationId} o{d.Ordered} c{d.Cancelled} r{d.Returned} n{d.Net} l{d.Lost}";

    [Fact]
    public async Task Ordered_cancelled_returned_and_lost_units_sum_per_sku_location_and_day()
    {
        await RecordAsync(r =>
        {
            r.Ordered("tee-d1", "WH1", new DateOnly(2024, 3, 1), 5);
            r.Ordered("TEE-D1", "WH1", new DateOnly(2024, 3, 1), 2);
            r.Ordered("TEE-D1", "WH2", new DateOnly(2024, 3, 1), 1);
            r.Cancelled("TEE-D1", "WH1", new DateOnly(2024, 3, 1), 1);
            r.Returned("TEE-D1", "WH1", new DateOnly(2024, 3, 2), 3);
            r.Ordered("MUG-D1", "WH1", new DateOnly(2024, 3, 1), 9);
        });
        await RecordAsync(r => r.Ordered("TEE-D1", "WH1", new DateOnly(2024, 3, 2), 4));
        Assert.Equal("SUCCESS", await RejectAsync(Rejected("O-D1", 2, ("TEE-D1", 10, 4), ("MUG-D1", 1, 1))));

        var rows = await StreamAsync("tee-d1", "2024-03-01", "2024-03-31");

        Assert.Equal(
        [
            "2024-03-01 TEE-D1 WH1 o7 c1 r0 n6 l0",
            "2024-03-01 TEE-D1 WH2 o1 c0 r0 n1 l0",
            "2024-03-02 TEE-D1 * o0 c0 r0 n0 l6",
            "2024-03-02 TEE-D1 WH1 o4 c0 r3 n1 l0",
        ], rows.Select(Row));
        // MUG-D1 was reserved in full: no lost demand for it.
        Assert.Equal(["2024-03-01 MUG-D1 WH1 o9 c0 r0 n9 l0"], (await StreamAsync("MUG-D1", "2024-03-01", "2024-03-31")).Select(Row));
        Assert.Equal(["2024-03-01 TEE-D1 WH2 o1 c0 r0 n1 l0"], (await StreamAsync("TEE-D1", "2024-03-01", "2024-03-31", "WH2")).Select(Row));
        Assert.Equal(["2024-03-02 TEE-D1 * o0 c0 r0 n0 l6", "2024-03-02 TEE-D1 WH1 o4 c0 r3 n1 l0"],
            (await StreamAsync("TEE-D1", "2024-03-02", "2024-03-02")).Select(Row));
    }

    [Fact]
    public async Task A_refusal_repeated_for_the_same_order_counts_once_and_a_redelivered_event_too()
    {
        await RejectAsync(Rejected("O-D2", 5, ("CAP-D2", 3, 0)), "rej-1");
        await RejectAsync(Rejected("O-D2", 5, ("CAP-D2", 3, 0)), "rej-1");
        await RejectAsync(Rejected("O-D2", 6, ("CAP-D2", 3, 1)), "rej-2");
        await RejectAsync(Rejected("O-D3", 6, ("CAP-D2", 2, 0)), "rej-3");

        var rows = await StreamAsync("CAP-D2", "2024-03-01", "2024-03-31");

        Assert.Equal(["2024-03-05 CAP-D2 * o0 c0 r0 n0 l3", "2024-03-06 CAP-D2 * o0 c0 r0 n0 l2"], rows.Select(Row));
    }

    [Fact]
    public async Task The_recorder_stages_one_row_per_key_in_a_transaction_and_saves_nothing_itself()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var recorder = scope.ServiceProvider.GetRequiredService<DemandRecorder>();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        recorder.Ordered("BAG-D4", "WH1", new DateOnly(2024, 4, 1), 1);
        recorder.Ordered("BAG-D4", "WH1", new DateOnly(2024, 4, 1), 2);
        recorder.Ordered("BAG-D4", "WH1", new DateOnly(2024, 4, 2), 2);
        recorder.Cancelled("BAG-D4", "WH1", new DateOnly(2024, 4, 1), 1);

        Assert.Empty(await StreamAsync("BAG-D4", "2024-04-01", "2024-04-30"));
        Assert.Equal(3, db.ChangeTracker.Entries<Data.Demand.DemandMovement>().Count());
        Assert.Throws<ArgumentOutOfRangeException>(() => recorder.Returned("BAG-D4", "WH1", new DateOnly(2024, 4, 1), -1));

        await db.SaveChangesAsync();
        Assert.Equal(["2024-04-01 BAG-D4 WH1 o3 c1 r0 n2 l0", "2024-04-02 BAG-D4 WH1 o2 c0 r0 n2 l0"],
            (await StreamAsync("BAG-D4", "2024-04-01", "2024-04-30")).Select(Row));
    }

    [Fact]
    public async Task The_csv_has_a_header_and_the_streamed_rows()
    {
        await RecordAsync(r =>
        {
            r.Ordered("SOCK-D5", "WH1", new DateOnly(2024, 5, 1), 4);
            r.Returned("SOCK-D5", "WH1", new DateOnly(2024, 5, 3), 1);
        });

        var csv = await _demand.ExportDemandCsvAsync(new ExportDemandCsvRequest { Filter = new DemandFilter { Sku = "SOCK-D5", FromDate = "2024-05-01", ToDate = "2024-05-31" } });
        var streamed = await StreamAsync("SOCK-D5", "2024-05-01", "2024-05-31");

        Assert.Equal("text/csv; charset=utf-8", csv.ContentType);
        Assert.Equal(2, csv.RowCount);
        Assert.Equal(
            "day,sku,location_id,ordered,cancelled,returned,net,lost\r\n" +
            "2024-05-01,SOCK-D5,WH1,4,0,0,4,0\r\n" +
            "2024-05-03,SOCK-D5,WH1,0,0,1,-1,0\r\n",
            csv.Body.ToStringUtf8());
        Assert.Equal(streamed.Select(d => $"{d.Day},{d.Sku},{d.LocationId},{d.Ordered},{d.Cancelled},{d.Returned},{d.Net},{d.Lost}"),
            csv.Body.ToStringUtf8().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1));
    }

    [Theory]
    [InlineData("", "", "2024-01-31", "filter.from_date")]
    [InlineData("", "2024-01-01", "", "filter.to_date")]
    [InlineData("", "2024-02-01", "2024-01-31", "filter.to_date")]
    [InlineData("", "2000-01-01", "2024-01-31", "filter.to_date")]
    [InlineData("bad sku!", "2024-01-01", "2024-01-31", "filter.sku")]
    public async Task Bad_filters_are_refused_naming_the_field(string sku, string from, string to, string field)
    {
        var filter = new DemandFilter { Sku = sku, FromDate = from, ToDate = to };

        var stream = await Assert.ThrowsAsync<RpcException>(() => StreamAsync(sku, from, to));
        var csv = await Assert.ThrowsAsync<RpcException>(() => _demand.ExportDemandCsvAsync(new ExportDemandCsvRequest { Filter = filter }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, stream.StatusCode);
        Assert.StartsWith(field + ":", stream.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, csv.StatusCode);
    }

    private sealed record Movement(int Kind, int Sku, int Location, int Day, long Units);

    [Fact]
    public async Task Streamed_rows_are_the_exact_sums_of_any_recorded_movements()
    {
        var run = 0;
        var movements = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 2], Gen.Int[0, 1], Gen.Int[1, 5], Gen.Long[1, 1_000], (k, s, l, d, u) => new Movement(k, s, l, d, u)).List[1, 30];
        await movements.SampleAsync(async sample =>
        {
            // Each sample gets its own SKUs, so earlier samples do not count.
            var prefix = $"P{Interlocked.Increment(ref run)}-";
            var day = (int d) => new DateOnly(2025, 6, d);
            await RecordAsync(r =>
            {
                foreach (var m in sample)
                {
                    var sku = prefix + m.Sku;
                    var location = "WH" + m.Location;
                    switch (m.Kind)
                    {
                        case 0: r.Ordered(sku, location, day(m.Day), m.Units); break;
                        case 1: r.Cancelled(sku, location, day(m.Day), m.Units); break;
                        case 2: r.Returned(sku, location, day(m.Day), m.Units); break;
                        default: r.Lost(sku, location, day(m.Day), m.Units); break;
                    }
                }
            });

            var expected = sample
                .GroupBy(m => (Day: m.Day, Sku: prefix + m.Sku, Location: "WH" + m.Location))
                .OrderBy(g => g.Key.Day).ThenBy(g => g.Key.Sku, StringComparer.Ordinal).ThenBy(g => g.Key.Location, StringComparer.Ordinal)
                .Select(g =>
                {
                    long Sum(int kind) => g.Where(m => m.Kind == kind).Sum(m => m.Units);
                    return $"{day(g.Key.Day):yyyy-MM-dd} {g.Key.Sku} {g.Key.Location} o{Sum(0)} c{Sum(1)} r{Sum(2)} n{Sum(0) - Sum(1) - Sum(2)} l{Sum(3)}";
                })
                .ToList();
            var actual = new List<string>();
            for (var s = 0; s < 3; s++)
            {
                actual.AddRange((await StreamAsync(prefix + s, "2025-06-01", "2025-06-30")).Select(Row));
            }

            Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
        }, iter: 40);
    }
}
