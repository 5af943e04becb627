using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Integration.Catalog.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OwnershipRegistry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_variant_prices_variants_VariantId",
                table: "variant_prices");

            migrationBuilder.DropPrimaryKey(
                name: "PK_variants",
                table: "variants");

            migrationBuilder.DropIndex(
                name: "IX_variants_Sku",
                table: "variants");

            migrationBuilder.DropPrimaryKey(
                name: "PK_variant_prices",
                table: "variant_prices");

            migrationBuilder.DropColumn(
                name: "Id",
                table: "variants");

            migrationBuilder.DropColumn(
                name: "VariantId",
                table: "variant_prices");

            migrationBuilder.AddColumn<string>(
                name: "Stamps",
                table: "variants",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Sku",
                table: "variant_prices",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Handle",
                table: "products",
                type: "TEXT",
                maxLength: 255,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "MediaJson",
                table: "products",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SeoDescription",
                table: "products",
                type: "TEXT",
                maxLength: 2000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SeoTitle",
                table: "products",
                type: "TEXT",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Stamps",
                table: "products",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Visibility",
                table: "products",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddPrimaryKey(
                name: "PK_variants",
                table: "variants",
                column: "Sku");

            migrationBuilder.AddPrimaryKey(
                name: "PK_variant_prices",
                table: "variant_prices",
                columns: new[] { "Sku", "Currency" });

            migrationBuilder.CreateTable(
                name: "external_ids",
                columns: table => new
                {
                    Channel = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ProductId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_external_ids", x => new { x.Channel, x.Kind, x.Value });
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProductId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Writer = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StoredValue = table.Column<string>(type: "TEXT", maxLength: 65536, nullable: false),
                    AttemptedValue = table.Column<string>(type: "TEXT", maxLength: 65536, nullable: false),
                    SourceVersion = table.Column<long>(type: "INTEGER", nullable: false),
                    DetectedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ResolvedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    ResolutionReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ResolvedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ownership_conflicts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "product_changes",
                columns: table => new
                {
                    ProductId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    SourceVersion = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FieldsJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_product_changes", x => new { x.ProductId, x.Version });
                });

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

            migrationBuilder.AddForeignKey(
                name: "FK_variant_prices_variants_Sku",
                table: "variant_prices",
                column: "Sku",
                principalTable: "variants",
                principalColumn: "Sku",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_variant_prices_variants_Sku",
                table: "variant_prices");

            migrationBuilder.DropTable(
                name: "external_ids");

            migrationBuilder.DropTable(
                name: "ownership_conflicts");

            migrationBuilder.DropTable(
                name: "product_changes");

            migrationBuilder.DropPrimaryKey(
                name: "PK_variants",
                table: "variants");

            migrationBuilder.DropPrimaryKey(
                name: "PK_variant_prices",
                table: "variant_prices");

            migrationBuilder.DropColumn(
                name: "Stamps",
                table: "variants");

            migrationBuilder.DropColumn(
                name: "Sku",
                table: "variant_prices");

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

            migrationBuilder.AddColumn<long>(
                name: "Id",
                table: "variants",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L)
                .Annotation("Sqlite:Autoincrement", true);

            migrationBuilder.AddColumn<long>(
                name: "VariantId",
                table: "variant_prices",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddPrimaryKey(
                name: "PK_variants",
                table: "variants",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_variant_prices",
                table: "variant_prices",
                columns: new[] { "VariantId", "Currency" });

            migrationBuilder.CreateIndex(
                name: "IX_variants_Sku",
                table: "variants",
                column: "Sku",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_variant_prices_variants_VariantId",
                table: "variant_prices",
                column: "VariantId",
                principalTable: "variants",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
