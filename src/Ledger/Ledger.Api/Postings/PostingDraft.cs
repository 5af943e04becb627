using Integration.Ledger.Data.Journal;

namespace Integration.Ledger.Postings;

/// <summary>One line of a posting being built: a negative amount is posted on the other side.</summary>
internal sealed record DraftLine(string Account, string Side, string Currency, long Minor, string Memo);

/// <summary>The lines one fact posts, built by the rules and checked to balance per currency before anything is written.</summary>
internal sealed class PostingDraft
{
    public List<DraftLine> Lines { get; } = [];

    public void Debit(string account, string currency, long minor, string memo) => Add(account, JournalLine.DebitSide, currency, minor, memo);

    public void Credit(string account, string currency, long minor, string memo) => Add(account, JournalLine.CreditSide, currency, minor, memo);

    public bool IsEmpty => Lines.Count == 0;

    /// <summary>The rules balance by construction; this proves it for every posting, so a rule bug never reaches the journal.</summary>
    public void EnsureBalanced()
    {
        // Debits minus credits per currency; a plain loop, as it runs for every posting. Posting currencies are one or two.
        var net = new List<(string Currency, long Minor)>(2);
        foreach (var line in Lines)
        {
            var i = net.Count - 1;
            while (i >= 0 && !string.Equals(net[i].Currency, line.Currency, StringComparison.Ordinal))
            {
                i--;
            }

            var signed = line.Side == JournalLine.DebitSide ? line.Minor : -line.Minor;
            if (i < 0)
            {
                net.Add((line.Currency, signed));
            }
            else
            {
                net[i] = (line.Currency, net[i].Minor + signed);
            }
        }

        foreach (var (currency, minor) in net)
        {
            if (minor != 0)
            {
                var debit = Lines.Where(l => l.Currency == currency && l.Side == JournalLine.DebitSide).Sum(l => l.Minor);
                throw new InvalidOperationException($"posting does not balance in {currency}: debits {debit}, credits {debit - minor} (minor units)");
            }
        }
    }

    private void Add(string account, string side, string currency, long minor, string memo)
    {
        if (minor == 0)
        {
            return;
        }

        if (minor < 0)
        {
            side = side == JournalLine.DebitSide ? JournalLine.CreditSide : JournalLine.DebitSide;
            minor = -minor;
        }

        Lines.Add(new DraftLine(account, side, currency, minor, memo));
    }
}
