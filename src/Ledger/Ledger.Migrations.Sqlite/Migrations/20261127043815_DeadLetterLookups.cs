using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Integration.Ledger.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DeadLetterLookups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_dead_letters_Consumer_EventId",
                table: "dead_letters",
                columns: new[] { "Consumer", "EventId" });

            migrationBuilder.CreateIndex(
                name: "IX_dead_letters_OutboxMessageId",
                table: "dead_letters",
                column: "OutboxMessageId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_dead_letters_Consumer_EventId",
                table: "dead_letters");

            migrationBuilder.DropIndex(
                name: "IX_dead_letters_OutboxMessageId",
                table: "dead_letters");
        }
    }
}
