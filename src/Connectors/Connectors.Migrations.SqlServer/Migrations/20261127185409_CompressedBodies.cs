using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Integration.Connectors.Migrations.SqlServer.Migrations
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
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "BodySize",
                table: "webhook_deliveries",
                type: "int",
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
