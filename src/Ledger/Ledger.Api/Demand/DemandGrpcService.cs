using System.Globalization;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Integration.Contracts.Ledger.V1;
using Integration.Ledger.Exports;
using Integration.ServiceDefaults.Errors;

namespace Integration.Ledger.Demand;

/// <summary>integration.ledger.v1.DemandService: demand history as a stream and as CSV.</summary>
internal sealed class DemandGrpcService(DemandReader reader) : DemandService.DemandServiceBase
{
    /// <summary>Rows in one CSV answer: keeps it well under gRPC's default 4 MB message limit.</summary>
    public const int MaxCsvRows = 50_000;

    private static readonly string[] CsvHeader = ["day", "sku", "location_id", "ordered", "cancelled", "returned", "net", "lost"];

    public override async Task StreamDemand(StreamDemandRequest request, IServerStreamWriter<StreamDemandResponse> responseStream, ServerCallContext context)
    {
        var filter = Demand.DemandFilter.Parse(request.Filter);
        await foreach (var row in reader.ReadAsync(filter).WithCancellation(context.CancellationToken))
        {
            await responseStream.WriteAsync(new StreamDemandResponse { Day = ToContract(row) }, context.CancellationToken);
        }
    }

    public override async Task<ExportDemandCsvResponse> ExportDemandCsv(ExportDemandCsvRequest request, ServerCallContext context)
    {
        var filter = Demand.DemandFilter.Parse(request.Filter);
        var csv = new StringBuilder();
        Csv.AppendRow(csv, CsvHeader);
        var rows = 0;
        await foreach (var row in reader.ReadAsync(filter).WithCancellation(context.CancellationToken))
        {
            if (++rows > MaxCsvRows)
            {
                throw new PreconditionFailedException(
                    $"the selection has more than {MaxCsvRows} rows; narrow the date range or filter by SKU, or use StreamDemand");
            }

            Csv.AppendRow(csv,
                Day(row.Day), row.Sku, row.LocationId, Number(row.Ordered), Number(row.Cancelled), Number(row.Returned), Number(row.Net), Number(row.Lost));
        }

        return new ExportDemandCsvResponse { ContentType = Csv.ContentType, Body = ByteString.CopyFromUtf8(csv.ToString()), RowCount = rows };
    }

    private static DemandDay ToContract(DemandRow row) => new()
    {
        Day = Day(row.Day),
        Sku = row.Sku,
        LocationId = row.LocationId,
        Ordered = row.Ordered,
        Cancelled = row.Cancelled,
        Returned = row.Returned,
        Net = row.Net,
        Lost = row.Lost,
    };

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
