using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class UniqueSignInEmail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "EmailIndex",
                table: "AspNetUsers");

            // A second pending sign-in with an e-mail that is already taken goes (the older code let one in).
            migrationBuilder.Sql("""
                DELETE FROM "AspNetUsers" WHERE "CompanyId" IS NOT NULL AND "PasswordHash" IS NULL AND EXISTS (SELECT 1 FROM "AspNetUsers" o WHERE o."NormalizedEmail" = "AspNetUsers"."NormalizedEmail" AND o."Id" <> "AspNetUsers"."Id" AND (o."PasswordHash" IS NOT NULL OR o."Id" < "AspNetUsers"."Id"));
                """);
            // Every external company's superuser gets its pending sign-in, which Resend then re-uses.
            migrationBuilder.Sql("""
                INSERT INTO "AspNetUsers" ("Id", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "DisplayName", "IsOperator", "CompanyId") SELECT md5(random()::text || clock_timestamp()::text), s."SuperuserLogin", upper(s."SuperuserLogin"), s."SuperuserEmail", upper(trim(s."SuperuserEmail")), false, md5(random()::text || clock_timestamp()::text), md5(random()::text || clock_timestamp()::text), false, false, true, 0, coalesce(s."SuperuserName", ''), false, s."CompanyId" FROM "Subscriptions" s WHERE s."AgreementType" = 1 AND s."SuperuserLogin" IS NOT NULL AND s."SuperuserEmail" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "AspNetUsers" u WHERE u."CompanyId" = s."CompanyId" OR u."NormalizedEmail" = upper(trim(s."SuperuserEmail")) OR u."NormalizedUserName" = upper(s."SuperuserLogin")) AND s."CompanyId" = (SELECT min(x."CompanyId") FROM "Subscriptions" x WHERE upper(trim(x."SuperuserEmail")) = upper(trim(s."SuperuserEmail")));
                """);

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "EmailIndex",
                table: "AspNetUsers");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");
        }
    }
}
