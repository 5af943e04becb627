using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Integration.Connectors.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class WebhookBackoff : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "NextAttemptAt",
                table: "webhook_deliveries",
                type: "datetimeoffset",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "NextAttemptAt",
                table: "webhook_deliveries");
        }
    }
}
