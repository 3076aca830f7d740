using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Data.Migrations
{
    /// <summary>
    /// Each audit entry knows its company's reseller of record, so a partner's Activity reads two index-ordered arms
    /// (its people's entries, its clients' entries) instead of one OR the database must sort. A trigger fills it in for
    /// every insert, however the entry is written; existing entries are filled in here.
    /// </summary>
    public partial class AuditOwner : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "OwnerPartnerId",
                table: "AuditEntries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_OwnerPartnerId_Id",
                table: "AuditEntries",
                columns: new[] { "OwnerPartnerId", "Id" });
            migrationBuilder.Sql("""
                UPDATE "AuditEntries" SET "OwnerPartnerId" =
                    (SELECT c."PartnerId" FROM "Companies" c WHERE c."Id" = "AuditEntries"."CompanyId")
                WHERE "CompanyId" IS NOT NULL;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER AuditEntries_owner AFTER INSERT ON AuditEntries
                WHEN new.CompanyId IS NOT NULL AND new.OwnerPartnerId IS NULL BEGIN
                    UPDATE AuditEntries SET OwnerPartnerId = (SELECT PartnerId FROM Companies WHERE Id = new.CompanyId)
                    WHERE Id = new.Id;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS AuditEntries_owner;");
            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_OwnerPartnerId_Id",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "OwnerPartnerId",
                table: "AuditEntries");
        }
    }
}
