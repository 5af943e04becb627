using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Integration.Inventory.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Reservations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Reason",
                table: "stock_movements",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ReservationId",
                table: "stock_movements",
                type: "TEXT",
                maxLength: 80,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "BackorderLimit",
                table: "stock_levels",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "PublishedVersion",
                table: "stock_levels",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "Version",
                table: "stock_levels",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "order_demands",
                columns: table => new
                {
                    OrderId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Lines = table.Column<string>(type: "TEXT", nullable: false),
                    PlacedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_order_demands", x => x.OrderId);
                });

            migrationBuilder.CreateTable(
                name: "reservations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    OrderId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Allocation = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RequestHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RejectedLines = table.Column<string>(type: "TEXT", nullable: true),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RowVersion = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reservations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "reservation_lines",
                columns: table => new
                {
                    ReservationId = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    LineNo = table.Column<int>(type: "INTEGER", nullable: false),
                    Sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LocationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Quantity = table.Column<long>(type: "INTEGER", nullable: false),
                    Consumed = table.Column<long>(type: "INTEGER", nullable: false),
                    Released = table.Column<long>(type: "INTEGER", nullable: false),
                    Backordered = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reservation_lines", x => new { x.ReservationId, x.LineNo });
                    table.CheckConstraint("CK_reservation_lines_open", "\"Consumed\" >= 0 AND \"Released\" >= 0 AND \"Consumed\" + \"Released\" <= \"Quantity\"");
                    table.CheckConstraint("CK_reservation_lines_quantity", "\"Quantity\" > 0");
                    table.ForeignKey(
                        name: "FK_reservation_lines_locations_LocationId",
                        column: x => x.LocationId,
                        principalTable: "locations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_reservation_lines_reservations_ReservationId",
                        column: x => x.ReservationId,
                        principalTable: "reservations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "CK_stock_levels_backorder_limit",
                table: "stock_levels",
                sql: "\"BackorderLimit\" >= 0");

            migrationBuilder.CreateIndex(
                name: "IX_reservation_lines_LocationId",
                table: "reservation_lines",
                column: "LocationId");

            migrationBuilder.CreateIndex(
                name: "IX_reservation_lines_Sku_LocationId",
                table: "reservation_lines",
                columns: new[] { "Sku", "LocationId" });

            migrationBuilder.CreateIndex(
                name: "IX_reservations_CreatedAt",
                table: "reservations",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_reservations_OrderId",
                table: "reservations",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_reservations_State_ExpiresAt",
                table: "reservations",
                columns: new[] { "State", "ExpiresAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "order_demands");

            migrationBuilder.DropTable(
                name: "reservation_lines");

            migrationBuilder.DropTable(
                name: "reservations");

            migrationBuilder.DropCheckConstraint(
                name: "CK_stock_levels_backorder_limit",
                table: "stock_levels");

            migrationBuilder.DropColumn(
                name: "Reason",
                table: "stock_movements");

            migrationBuilder.DropColumn(
                name: "ReservationId",
                table: "stock_movements");

            migrationBuilder.DropColumn(
                name: "BackorderLimit",
                table: "stock_levels");

            migrationBuilder.DropColumn(
                name: "PublishedVersion",
                table: "stock_levels");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "stock_levels");
        }
    }
}
