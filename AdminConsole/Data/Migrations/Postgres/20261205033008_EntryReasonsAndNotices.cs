using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AdminConsole.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EntryReasonsAndNotices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "AskReasonToEnter",
                table: "Partners",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "AccessDigest",
                table: "Companies",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Reason",
                table: "AuditEntries",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Ticket",
                table: "AuditEntries",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VisitId",
                table: "AuditEntries",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SentNotices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SentNotices", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_CompanyId_Action_Id",
                table: "AuditEntries",
                columns: new[] { "CompanyId", "Action", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_VisitId",
                table: "AuditEntries",
                column: "VisitId");

            migrationBuilder.CreateIndex(
                name: "IX_SentNotices_Key",
                table: "SentNotices",
                column: "Key",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SentNotices");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_CompanyId_Action_Id",
                table: "AuditEntries");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_VisitId",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "AskReasonToEnter",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "AccessDigest",
                table: "Companies");

            migrationBuilder.DropColumn(
                name: "Reason",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "Ticket",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "VisitId",
                table: "AuditEntries");
        }
    }
}
