using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Data.Migrations.Postgres
{
    /// <summary>
    /// Each audit entry knows its company's reseller of record (see the SQLite migration of the same name); a BEFORE
    /// INSERT trigger fills it in.
    /// </summary>
    public partial class AuditOwner : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "OwnerPartnerId",
                table: "AuditEntries",
                type: "integer",
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
                CREATE FUNCTION audit_entries_owner() RETURNS trigger AS $$
                BEGIN
                    IF NEW."CompanyId" IS NOT NULL AND NEW."OwnerPartnerId" IS NULL THEN
                        SELECT c."PartnerId" INTO NEW."OwnerPartnerId" FROM "Companies" c WHERE c."Id" = NEW."CompanyId";
                    END IF;
                    RETURN NEW;
                END $$ LANGUAGE plpgsql;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEntries_owner" BEFORE INSERT ON "AuditEntries"
                FOR EACH ROW EXECUTE FUNCTION audit_entries_owner();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"AuditEntries_owner\" ON \"AuditEntries\";");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS audit_entries_owner();");
            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_OwnerPartnerId_Id",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "OwnerPartnerId",
                table: "AuditEntries");
        }
    }
}
