using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Data.Migrations
{
    /// <summary>
    /// Substring search over 100,000 companies: an FTS5 trigram index over name, organisation number and
    /// agreement number (a LIKE '%x%' cannot use a B-tree index). Triggers keep it in step with Companies.
    /// </summary>
    public partial class SearchIndex : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE CompanySearch USING fts5(
                    Name, OrganisationNumber, AgreementNumber,
                    content='Companies', content_rowid='Id', tokenize='trigram');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Companies_search_ai AFTER INSERT ON Companies BEGIN
                    INSERT INTO CompanySearch(rowid, Name, OrganisationNumber, AgreementNumber)
                    VALUES (new.Id, new.Name, new.OrganisationNumber, new.AgreementNumber);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Companies_search_ad AFTER DELETE ON Companies BEGIN
                    INSERT INTO CompanySearch(CompanySearch, rowid, Name, OrganisationNumber, AgreementNumber)
                    VALUES ('delete', old.Id, old.Name, old.OrganisationNumber, old.AgreementNumber);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Companies_search_au AFTER UPDATE OF Name, OrganisationNumber, AgreementNumber ON Companies BEGIN
                    INSERT INTO CompanySearch(CompanySearch, rowid, Name, OrganisationNumber, AgreementNumber)
                    VALUES ('delete', old.Id, old.Name, old.OrganisationNumber, old.AgreementNumber);
                    INSERT INTO CompanySearch(rowid, Name, OrganisationNumber, AgreementNumber)
                    VALUES (new.Id, new.Name, new.OrganisationNumber, new.AgreementNumber);
                END;
                """);
            migrationBuilder.Sql("INSERT INTO CompanySearch(CompanySearch) VALUES ('rebuild');");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Companies_search_au;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Companies_search_ad;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Companies_search_ai;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS CompanySearch;");
        }
    }
}
