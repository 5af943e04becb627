using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Integration.Ledger.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PostingsPeriodsDemand : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "OriginalDate",
                table: "journal_entries",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.CreateTable(
                name: "accounting_periods",
                columns: table => new
                {
                    Period = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    Closed = table.Column<bool>(type: "INTEGER", nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_accounting_periods", x => x.Period);
                });

            migrationBuilder.CreateTable(
                name: "demand_movements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LocationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Units = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_demand_movements", x => x.Id);
                    table.CheckConstraint("ck_demand_movements_units", "\"Units\" > 0");
                });

            migrationBuilder.CreateTable(
                name: "held_postings",
                columns: table => new
                {
                    EventId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EventType = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    OrderId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Data = table.Column<string>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    HeldAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    ReleasedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_held_postings", x => x.EventId);
                });

            migrationBuilder.CreateTable(
                name: "ledger_orders",
                columns: table => new
                {
                    OrderId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    StateJson = table.Column<string>(type: "TEXT", nullable: false),
                    FactsJson = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_orders", x => x.OrderId);
                });

            migrationBuilder.CreateTable(
                name: "period_audit",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Period = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_period_audit", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "posting_records",
                columns: table => new
                {
                    EntryId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OrderId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EventId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_posting_records", x => x.EntryId);
                });

            migrationBuilder.CreateTable(
                name: "sku_costs",
                columns: table => new
                {
                    Sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UnitCost = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    CostCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    GlCategory = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CatalogVersion = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sku_costs", x => x.Sku);
                });

            migrationBuilder.CreateIndex(
                name: "IX_demand_movements_Day",
                table: "demand_movements",
                column: "Day");

            migrationBuilder.CreateIndex(
                name: "IX_demand_movements_Sku_Day",
                table: "demand_movements",
                columns: new[] { "Sku", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_held_postings_OrderId_ReleasedAt",
                table: "held_postings",
                columns: new[] { "OrderId", "ReleasedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_period_audit_Period_Id",
                table: "period_audit",
                columns: new[] { "Period", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_posting_records_OrderId",
                table: "posting_records",
                column: "OrderId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "accounting_periods");

            migrationBuilder.DropTable(
                name: "demand_movements");

            migrationBuilder.DropTable(
                name: "held_postings");

            migrationBuilder.DropTable(
                name: "ledger_orders");

            migrationBuilder.DropTable(
                name: "period_audit");

            migrationBuilder.DropTable(
                name: "posting_records");

            migrationBuilder.DropTable(
                name: "sku_costs");

            migrationBuilder.DropColumn(
                name: "OriginalDate",
                table: "journal_entries");
        }
    }
}
