using CsCheck;
using Integration.Contracts.Money;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using WireMoney = Integration.Contracts.Common.V1.Money;

namespace Integration.Contracts.Tests;

public sealed class MoneyTests
{
    // Any amount a merchant can hold: whole units within long range, up to 9 fractional digits.
    private static readonly Gen<decimal> Amount =
        Gen.Select(Gen.Long[-999_999_999_999_999, 999_999_999_999_999], Gen.Int[0, 999_999_999], Gen.Int[0, 9],
            (units, fraction, scale) =>
            {
                var frac = fraction % (int)Math.Pow(10, scale) / (decimal)Math.Pow(10, scale);
                return units >= 0 ? units + frac : units - frac;
            });

    private static readonly string[] Codes = ["EUR", "USD", "JPY", "KWD", "CLP", "BHD", "GBP"];

    [Fact]
    public void Decimal_to_wire_and_back_is_exact() =>
        Amount.Sample(amount =>
        {
            var wire = amount.ToMoney("EUR");
            Assert.Equal(amount, wire.ToDecimal());
            Assert.True(wire.Units == 0 || wire.Nanos == 0 || Math.Sign(wire.Units) == Math.Sign(wire.Nanos));
        });

    // Amounts built with a known number of significant fractional digits (the last one non-zero),
    // so the oracle does not reuse the rounding rule under test.
    private static readonly Gen<(decimal Amount, int Digits)> AmountWithDigits =
        Gen.Select(Gen.Long[-1_000_000_000, 1_000_000_000], Gen.Int[0, 6], Gen.Int[1, 99_999], (units, digits, seed) =>
        {
            if (digits == 0)
            {
                return ((decimal)units, 0);
            }

            var scale = (long)Math.Pow(10, digits);
            var fraction = (seed % (scale / 10) * 10) + 1 + (seed % 9);
            var magnitude = Math.Abs(units) + (fraction / (decimal)scale);
            return (units < 0 ? -magnitude : magnitude, digits);
        });

    [Fact]
    public void Validation_accepts_exactly_the_amounts_within_the_currency_precision() =>
        Gen.Select(AmountWithDigits, Gen.Int[0, Codes.Length - 1].Select(i => Codes[i])).Sample((sample, code) =>
        {
            var (amount, digits) = sample;
            var wire = amount.ToMoney(code);
            if (digits <= Currencies.MinorUnit(code))
            {
                Assert.Equal(amount, Require.Money(wire, "amount", code, allowNegative: true));
            }
            else
            {
                var error = Assert.Throws<ValidationException>(() => Require.Money(wire, "amount", code, allowNegative: true));
                Assert.Equal("amount", error.Field);
            }
        });

    [Fact]
    public void Sums_of_wire_amounts_are_exact_where_binary_floating_point_is_not()
    {
        var tenCents = 0.10m.ToMoney("EUR");
        var twentyCents = 0.20m.ToMoney("EUR");
        Assert.Equal(0.30m, tenCents.ToDecimal() + twentyCents.ToDecimal());
        Assert.NotEqual(0.30, 0.10 + 0.20);
    }

    [Theory]
    [InlineData(1, -500_000_000)]
    [InlineData(-1, 500_000_000)]
    [InlineData(0, 1_000_000_000)]
    [InlineData(0, -1_000_000_000)]
    public void Malformed_wire_amounts_are_refused(long units, int nanos)
    {
        var wire = new WireMoney { CurrencyCode = "EUR", Units = units, Nanos = nanos };
        var error = Assert.Throws<ValidationException>(() => Require.Money(wire, "price", allowNegative: true));
        Assert.Equal("price", error.Field);
    }

    [Theory]
    [InlineData("eur")]
    [InlineData("EURO")]
    [InlineData("XXX")]
    [InlineData("")]
    public void Unknown_or_lower_case_currencies_are_refused(string code)
    {
        var error = Assert.Throws<ValidationException>(() => Require.Money(new WireMoney { CurrencyCode = code, Units = 1 }, "price"));
        Assert.Equal("price.currency_code", error.Field);
    }

    [Fact]
    public void Negative_amounts_are_refused_unless_allowed()
    {
        var wire = (-5.25m).ToMoney("USD");
        Assert.Throws<ValidationException>(() => Require.Money(wire, "refund"));
        Assert.Equal(-5.25m, Require.Money(wire, "adjustment", allowNegative: true));
    }
}
