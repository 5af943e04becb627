using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Integration.Connectors.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CompressedBodies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "BodyEncoding",
                table: "webhook_deliveries",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "BodySize",
                table: "webhook_deliveries",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "BodyEncoding",
                table: "webhook_deliveries");

            migrationBuilder.DropColumn(
                name: "BodySize",
                table: "webhook_deliveries");
        }
    }
}
