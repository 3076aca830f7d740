using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Data.Migrations
{
    /// <inheritdoc />
    public partial class ClientInvitations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Companies that exist already keep every right for their owner (63 = AccessRight.All).
            migrationBuilder.AddColumn<int>(
                name: "OwnerRights",
                table: "Companies",
                type: "INTEGER",
                nullable: false,
                defaultValue: 63);

            migrationBuilder.CreateTable(
                name: "ClientInvitations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PartnerId = table.Column<int>(type: "INTEGER", nullable: false),
                    CompanyName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OrganisationNumber = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    ContactName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContactEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RequestedRights = table.Column<int>(type: "INTEGER", nullable: false),
                    GrantedRights = table.Column<int>(type: "INTEGER", nullable: true),
                    PaymentMethod = table.Column<int>(type: "INTEGER", nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    InvitedByUserId = table.Column<string>(type: "TEXT", nullable: false),
                    InvitedByName = table.Column<string>(type: "TEXT", nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CompanyId = table.Column<int>(type: "INTEGER", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClientInvitations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ClientInvitations_Companies_CompanyId",
                        column: x => x.CompanyId,
                        principalTable: "Companies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ClientInvitations_Partners_PartnerId",
                        column: x => x.PartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ClientInvitations_CompanyId",
                table: "ClientInvitations",
                column: "CompanyId");

            migrationBuilder.CreateIndex(
                name: "IX_ClientInvitations_PartnerId_OrganisationNumber",
                table: "ClientInvitations",
                columns: new[] { "PartnerId", "OrganisationNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_ClientInvitations_PartnerId_Status_CreatedAt",
                table: "ClientInvitations",
                columns: new[] { "PartnerId", "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ClientInvitations_TokenHash",
                table: "ClientInvitations",
                column: "TokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ClientInvitations");

            migrationBuilder.DropColumn(
                name: "OwnerRights",
                table: "Companies");
        }
    }
}
