using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Data.Migrations
{
    /// <summary>
    /// Names searched and sorted by stored keys (NameKeys): the folded key replaces the name in the FTS5 trigram
    /// index. The keys of existing companies are filled in by the start-up after the migrations (computed in C#).
    /// </summary>
    public partial class NameKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Companies_Name",
                table: "Companies");

            migrationBuilder.DropIndex(
                name: "IX_Companies_PartnerId_Name",
                table: "Companies");

            migrationBuilder.AddColumn<string>(
                name: "NameKey",
                table: "Companies",
                type: "TEXT",
                maxLength: 400,
                nullable: false,
                defaultValue: "",
                collation: "NOCASE");

            migrationBuilder.AddColumn<string>(
                name: "NordicNameKey",
                table: "Companies",
                type: "TEXT",
                maxLength: 400,
                nullable: false,
                defaultValue: "",
                collation: "NOCASE");

            migrationBuilder.CreateIndex(
                name: "IX_Companies_NameKey",
                table: "Companies",
                column: "NameKey");

            migrationBuilder.CreateIndex(
                name: "IX_Companies_NordicNameKey",
                table: "Companies",
                column: "NordicNameKey");

            migrationBuilder.CreateIndex(
                name: "IX_Companies_PartnerId_NameKey",
                table: "Companies",
                columns: new[] { "PartnerId", "NameKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Companies_PartnerId_NordicNameKey",
                table: "Companies",
                columns: new[] { "PartnerId", "NordicNameKey" });
            SearchIndex(migrationBuilder, "NameKey");
        }

        /// <summary>The FTS5 index over this name column, the numbers, and the triggers that keep it in step.</summary>
        private static void SearchIndex(MigrationBuilder migrationBuilder, string name)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Companies_search_au;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Companies_search_ad;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Companies_search_ai;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS CompanySearch;");
            migrationBuilder.Sql($"""
                CREATE VIRTUAL TABLE CompanySearch USING fts5(
                    {name}, OrganisationNumber, AgreementNumber,
                    content='Companies', content_rowid='Id', tokenize='trigram');
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER Companies_search_ai AFTER INSERT ON Companies BEGIN
                    INSERT INTO CompanySearch(rowid, {name}, OrganisationNumber, AgreementNumber)
                    VALUES (new.Id, new.{name}, new.OrganisationNumber, new.AgreementNumber);
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER Companies_search_ad AFTER DELETE ON Companies BEGIN
                    INSERT INTO CompanySearch(CompanySearch, rowid, {name}, OrganisationNumber, AgreementNumber)
                    VALUES ('delete', old.Id, old.{name}, old.OrganisationNumber, old.AgreementNumber);
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER Companies_search_au AFTER UPDATE OF {name}, OrganisationNumber, AgreementNumber ON Companies BEGIN
                    INSERT INTO CompanySearch(CompanySearch, rowid, {name}, OrganisationNumber, AgreementNumber)
                    VALUES ('delete', old.Id, old.{name}, old.OrganisationNumber, old.AgreementNumber);
                    INSERT INTO CompanySearch(rowid, {name}, OrganisationNumber, AgreementNumber)
                    VALUES (new.Id, new.{name}, new.OrganisationNumber, new.AgreementNumber);
                END;
                """);
            migrationBuilder.Sql("INSERT INTO CompanySearch(CompanySearch) VALUES ('rebuild');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            SearchIndex(migrationBuilder, "Name");
            migrationBuilder.DropIndex(
                name: "IX_Companies_NameKey",
                table: "Companies");

            migrationBuilder.DropIndex(
                name: "IX_Companies_NordicNameKey",
                table: "Companies");

            migrationBuilder.DropIndex(
                name: "IX_Companies_PartnerId_NameKey",
                table: "Companies");

            migrationBuilder.DropIndex(
                name: "IX_Companies_PartnerId_NordicNameKey",
                table: "Companies");

            migrationBuilder.DropColumn(
                name: "NameKey",
                table: "Companies");

            migrationBuilder.DropColumn(
                name: "NordicNameKey",
                table: "Companies");

            migrationBuilder.CreateIndex(
                name: "IX_Companies_Name",
                table: "Companies",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_Companies_PartnerId_Name",
                table: "Companies",
                columns: new[] { "PartnerId", "Name" });
        }
    }
}
