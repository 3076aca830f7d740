using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PartnerCurrency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Currency",
                table: "Partners",
                type: "character varying(3)",
                maxLength: 3,
                nullable: false,
                defaultValue: "DKK");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Currency",
                table: "Partners");
        }
    }
}
