using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Integration.Ledger.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class AccountDayTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "account_day_totals",
                columns: table => new
                {
                    PostingDate = table.Column<DateOnly>(type: "date", nullable: false),
                    AccountNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    DebitMinor = table.Column<long>(type: "bigint", nullable: false),
                    CreditMinor = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_account_day_totals", x => new { x.PostingDate, x.AccountNumber, x.Currency });
                });

            // Backfill: the day totals of every line posted so far (quoted identifiers: the same text on all three providers).
            migrationBuilder.Sql(
                "INSERT INTO account_day_totals (\"PostingDate\", \"AccountNumber\", \"Currency\", \"DebitMinor\", \"CreditMinor\") " +
                "SELECT e.\"PostingDate\", l.\"AccountNumber\", l.\"Currency\", " +
                "SUM(CASE WHEN l.\"Side\" = 'D' THEN l.\"AmountMinor\" ELSE 0 END), SUM(CASE WHEN l.\"Side\" = 'C' THEN l.\"AmountMinor\" ELSE 0 END) " +
                "FROM journal_lines l INNER JOIN journal_entries e ON e.\"Id\" = l.\"EntryId\" " +
                "GROUP BY e.\"PostingDate\", l.\"AccountNumber\", l.\"Currency\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "account_day_totals");
        }
    }
}
