using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Integration.Ledger.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Exports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Reference",
                table: "demand_movements",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "export_batches",
                columns: table => new
                {
                    BatchId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Format = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    FromDate = table.Column<DateOnly>(type: "date", nullable: false),
                    ToDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Currency = table.Column<string>(type: "nvarchar(3)", maxLength: 3, nullable: false),
                    RequestedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    EntryCount = table.Column<int>(type: "int", nullable: false),
                    LineCount = table.Column<int>(type: "int", nullable: false),
                    MoreAvailable = table.Column<bool>(type: "bit", nullable: false),
                    ContentType = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Body = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    BodySha256 = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_export_batches", x => x.BatchId);
                });

            migrationBuilder.CreateTable(
                name: "exported_entries",
                columns: table => new
                {
                    Format = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    EntryId = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    BatchId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Ordinal = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exported_entries", x => new { x.Format, x.EntryId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_demand_movements_Reference_Sku",
                table: "demand_movements",
                columns: new[] { "Reference", "Sku" });

            migrationBuilder.CreateIndex(
                name: "IX_export_batches_CreatedAt_BatchId",
                table: "export_batches",
                columns: new[] { "CreatedAt", "BatchId" });

            migrationBuilder.CreateIndex(
                name: "IX_exported_entries_BatchId_Ordinal",
                table: "exported_entries",
                columns: new[] { "BatchId", "Ordinal" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "export_batches");

            migrationBuilder.DropTable(
                name: "exported_entries");

            migrationBuilder.DropIndex(
                name: "IX_demand_movements_Reference_Sku",
                table: "demand_movements");

            migrationBuilder.DropColumn(
                name: "Reference",
                table: "demand_movements");
        }
    }
}
