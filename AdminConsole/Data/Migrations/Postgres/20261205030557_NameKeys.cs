using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NameKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Companies_Name",
                table: "Companies");

            migrationBuilder.DropIndex(
                name: "IX_Companies_Name_trgm",
                table: "Companies");

            migrationBuilder.DropIndex(
                name: "IX_Companies_PartnerId_Name",
                table: "Companies");

            migrationBuilder.AddColumn<string>(
                name: "NameKey",
                table: "Companies",
                type: "character varying(400)",
                maxLength: 400,
                nullable: false,
                defaultValue: "",
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "NordicNameKey",
                table: "Companies",
                type: "character varying(400)",
                maxLength: 400,
                nullable: false,
                defaultValue: "",
                collation: "C");

            migrationBuilder.CreateIndex(
                name: "IX_Companies_NameKey",
                table: "Companies",
                column: "NameKey");

            migrationBuilder.CreateIndex(
                name: "IX_Companies_NameKey_trgm",
                table: "Companies",
                column: "NameKey")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Companies_NameKey",
                table: "Companies");

            migrationBuilder.DropIndex(
                name: "IX_Companies_NameKey_trgm",
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
                name: "IX_Companies_Name_trgm",
                table: "Companies",
                column: "Name")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "IX_Companies_PartnerId_Name",
                table: "Companies",
                columns: new[] { "PartnerId", "Name" });
        }
    }
}
