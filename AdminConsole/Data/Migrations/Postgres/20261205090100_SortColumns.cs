using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Data.Migrations.Postgres
{
    /// <summary>
    /// The company list sorts by plan and agreement type on an index: each company carries copies of its subscription's
    /// two values, filled now and kept by triggers on every insert and change of a subscription.
    /// </summary>
    public partial class SortColumns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "SortAgreementType",
                table: "Companies",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "SortPlan",
                table: "Companies",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.Sql("""
                UPDATE "Companies" SET
                    "SortPlan" = (SELECT s."Plan" FROM "Subscriptions" s WHERE s."CompanyId" = "Companies"."Id"),
                    "SortAgreementType" = (SELECT s."AgreementType" FROM "Subscriptions" s WHERE s."CompanyId" = "Companies"."Id")
                WHERE EXISTS (SELECT 1 FROM "Subscriptions" s WHERE s."CompanyId" = "Companies"."Id");
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION subscriptions_sort_copy() RETURNS trigger AS $$
                BEGIN
                    UPDATE "Companies" SET "SortPlan" = NEW."Plan", "SortAgreementType" = NEW."AgreementType"
                    WHERE "Id" = NEW."CompanyId";
                    RETURN NEW;
                END $$ LANGUAGE plpgsql;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Subscriptions_sort" AFTER INSERT OR UPDATE OF "Plan", "AgreementType" ON "Subscriptions"
                FOR EACH ROW EXECUTE FUNCTION subscriptions_sort_copy();
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Companies_PartnerId_SortAgreementType_NameKey",
                table: "Companies",
                columns: new[] { "PartnerId", "SortAgreementType", "NameKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Companies_PartnerId_SortAgreementType_NordicNameKey",
                table: "Companies",
                columns: new[] { "PartnerId", "SortAgreementType", "NordicNameKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Companies_PartnerId_SortPlan_NameKey",
                table: "Companies",
                columns: new[] { "PartnerId", "SortPlan", "NameKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Companies_PartnerId_SortPlan_NordicNameKey",
                table: "Companies",
                columns: new[] { "PartnerId", "SortPlan", "NordicNameKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Companies_SortAgreementType_NameKey",
                table: "Companies",
                columns: new[] { "SortAgreementType", "NameKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Companies_SortAgreementType_NordicNameKey",
                table: "Companies",
                columns: new[] { "SortAgreementType", "NordicNameKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Companies_SortPlan_NameKey",
                table: "Companies",
                columns: new[] { "SortPlan", "NameKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Companies_SortPlan_NordicNameKey",
                table: "Companies",
                columns: new[] { "SortPlan", "NordicNameKey" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"Subscriptions_sort\" ON \"Subscriptions\";");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS subscriptions_sort_copy();");

            migrationBuilder.DropIndex(
                name: "IX_Companies_PartnerId_SortAgreementType_NameKey",
                table: "Companies");

            migrationBuilder.DropIndex(
                name: "IX_Companies_PartnerId_SortAgreementType_NordicNameKey",
                table: "Companies");

            migrationBuilder.DropIndex(
                name: "IX_Companies_PartnerId_SortPlan_NameKey",
                table: "Companies");

            migrationBuilder.DropIndex(
                name: "IX_Companies_PartnerId_SortPlan_NordicNameKey",
                table: "Companies");

            migrationBuilder.DropIndex(
                name: "IX_Companies_SortAgreementType_NameKey",
                table: "Companies");

            migrationBuilder.DropIndex(
                name: "IX_Companies_SortAgreementType_NordicNameKey",
                table: "Companies");

            migrationBuilder.DropIndex(
                name: "IX_Companies_SortPlan_NameKey",
                table: "Companies");

            migrationBuilder.DropIndex(
                name: "IX_Companies_SortPlan_NordicNameKey",
                table: "Companies");

            migrationBuilder.DropColumn(
                name: "SortAgreementType",
                table: "Companies");

            migrationBuilder.DropColumn(
                name: "SortPlan",
                table: "Companies");
        }
    }
}
