using Integration.Ledger.Journal;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Contract = Integration.Contracts.Ledger.V1;

namespace Integration.Ledger.Exports;

/// <summary>A validated export request. Everything but the requester identifies the batch.</summary>
internal sealed record ExportRequest(string BatchId, string Format, DateOnly From, DateOnly To, string Currency, string RequestedBy)
{
    public static ExportRequest Parse(Contract.ExportJournalRequest request)
    {
        var batchId = Require.Identifier(request.BatchId, "batch_id");
        var format = ExportFormats.Name(request.Format, "format");
        var from = JournalEntryInput.ParseDate(request.FromDate, "from_date") ?? throw new ValidationException("from_date", "is required");
        var to = JournalEntryInput.ParseDate(request.ToDate, "to_date") ?? throw new ValidationException("to_date", "is required");
        if (to < from)
        {
            throw new ValidationException("to_date", $"{request.ToDate} is before from_date {request.FromDate}");
        }

        var currency = string.IsNullOrEmpty(request.CurrencyCode) ? string.Empty : Require.Currency(request.CurrencyCode, "currency_code");
        if (format == ExportFormats.BusinessCentralJson && currency.Length == 0)
        {
            throw new ValidationException("currency_code", "is required for Business Central: its journal lines carry no currency, so one export holds one currency");
        }

        return new ExportRequest(batchId, format, from, to, currency, Require.Text(request.RequestedBy, "requested_by", 200, optional: true));
    }

    public bool SameBatchAs(Data.Exports.ExportBatch batch) =>
        batch.Format == Format && batch.FromDate == From && batch.ToDate == To && batch.Currency == Currency;
}
