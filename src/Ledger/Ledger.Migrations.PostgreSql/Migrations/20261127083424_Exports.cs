using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Integration.Ledger.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Exports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "export_batches",
                columns: table => new
                {
                    BatchId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Format = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    FromDate = table.Column<DateOnly>(type: "date", nullable: false),
                    ToDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EntryCount = table.Column<int>(type: "integer", nullable: false),
                    LineCount = table.Column<int>(type: "integer", nullable: false),
                    MoreAvailable = table.Column<bool>(type: "boolean", nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Body = table.Column<byte[]>(type: "bytea", nullable: false),
                    BodySha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_export_batches", x => x.BatchId);
                });

            migrationBuilder.CreateTable(
                name: "exported_entries",
                columns: table => new
                {
                    Format = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    EntryId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    BatchId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Ordinal = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exported_entries", x => new { x.Format, x.EntryId });
                });

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
        }
    }
}
