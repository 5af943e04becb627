using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Integration.Catalog.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class OwnershipRegistry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Stamps",
                table: "variants",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AlterColumn<string>(
                name: "LastChangedBy",
                table: "products",
                type: "character varying(128)",
                maxLength: 128,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64);

            migrationBuilder.AddColumn<string>(
                name: "Handle",
                table: "products",
                type: "character varying(255)",
                maxLength: 255,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "MediaJson",
                table: "products",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SeoDescription",
                table: "products",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SeoTitle",
                table: "products",
                type: "character varying(500)",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Stamps",
                table: "products",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Visibility",
                table: "products",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "external_ids",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProductId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Channel = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Value = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_external_ids", x => x.Id);
                    table.ForeignKey(
                        name: "FK_external_ids_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ownership_conflicts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProductId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Field = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Owner = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Writer = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StoredValue = table.Column<string>(type: "character varying(65536)", maxLength: 65536, nullable: false),
                    AttemptedValue = table.Column<string>(type: "character varying(65536)", maxLength: 65536, nullable: false),
                    SourceVersion = table.Column<long>(type: "bigint", nullable: false),
                    DetectedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ResolvedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    ResolutionReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ResolvedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ownership_conflicts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "product_changes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProductId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    ChangedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    SourceVersion = table.Column<long>(type: "bigint", nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FieldsJson = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_product_changes", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_external_ids_Channel_Kind_Value",
                table: "external_ids",
                columns: new[] { "Channel", "Kind", "Value" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_external_ids_ProductId",
                table: "external_ids",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_ownership_conflicts_ProductId_Field",
                table: "ownership_conflicts",
                columns: new[] { "ProductId", "Field" });

            migrationBuilder.CreateIndex(
                name: "IX_ownership_conflicts_State_Id",
                table: "ownership_conflicts",
                columns: new[] { "State", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_product_changes_ProductId_Version",
                table: "product_changes",
                columns: new[] { "ProductId", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "external_ids");

            migrationBuilder.DropTable(
                name: "ownership_conflicts");

            migrationBuilder.DropTable(
                name: "product_changes");

            migrationBuilder.DropColumn(
                name: "Stamps",
                table: "variants");

            migrationBuilder.DropColumn(
                name: "Handle",
                table: "products");

            migrationBuilder.DropColumn(
                name: "MediaJson",
                table: "products");

            migrationBuilder.DropColumn(
                name: "SeoDescription",
                table: "products");

            migrationBuilder.DropColumn(
                name: "SeoTitle",
                table: "products");

            migrationBuilder.DropColumn(
                name: "Stamps",
                table: "products");

            migrationBuilder.DropColumn(
                name: "Visibility",
                table: "products");

            migrationBuilder.AlterColumn<string>(
                name: "LastChangedBy",
                table: "products",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(128)",
                oldMaxLength: 128);
        }
    }
}
