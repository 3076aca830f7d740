using AdminConsole.Infrastructure;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Data;

/// <summary>The console's database on SQLite (the default). <see cref="PostgresDbContext"/> is the same model on PostgreSQL.</summary>
public class AppDbContext : IdentityDbContext<AppUser>, IDataProtectionKeyContext
{
    public AppDbContext(DbContextOptions<AppDbContext> options) : base(options) => SavingChanges += (_, _) => KeepNameKeys();

    protected AppDbContext(DbContextOptions options) : base(options) => SavingChanges += (_, _) => KeepNameKeys();

    /// <summary>Every saved company name gets its search and sort keys, whichever service changed it.</summary>
    private void KeepNameKeys()
    {
        foreach (var entry in ChangeTracker.Entries<Company>())
            if (entry.State is EntityState.Added || (entry.State is EntityState.Modified && entry.Property(c => c.Name).IsModified))
                (entry.Entity.NameKey, entry.Entity.NordicNameKey) = (NameKeys.Folded(entry.Entity.Name), NameKeys.Nordic(entry.Entity.Name));
    }

    public DbSet<Partner> Partners => Set<Partner>();
    public DbSet<PartnerMember> PartnerMembers => Set<PartnerMember>();
    public DbSet<Company> Companies => Set<Company>();
    public DbSet<Subscription> Subscriptions => Set<Subscription>();
    public DbSet<ClientAssignment> ClientAssignments => Set<ClientAssignment>();
    public DbSet<ClientInvitation> ClientInvitations => Set<ClientInvitation>();
    public DbSet<CustomerAgreement> CustomerAgreements => Set<CustomerAgreement>();
    public DbSet<AdministratorAccess> AdministratorAccesses => Set<AdministratorAccess>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<OneTimeToken> OneTimeTokens => Set<OneTimeToken>();
    public DbSet<CompanyUser> CompanyUsers => Set<CompanyUser>();
    public DbSet<InternetOrderSettings> InternetOrderSettings => Set<InternetOrderSettings>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Orderer> Orderers => Set<Orderer>();
    public DbSet<PortalLogin> PortalLogins => Set<PortalLogin>();
    public DbSet<PortalPasswordToken> PortalPasswordTokens => Set<PortalPasswordToken>();
    public DbSet<PortalOrder> PortalOrders => Set<PortalOrder>();
    public DbSet<PriceListItem> PriceListItems => Set<PriceListItem>();
    public DbSet<CustomerInvoice> CustomerInvoices => Set<CustomerInvoice>();
    public DbSet<SentNotice> SentNotices => Set<SentNotice>();

    /// <summary>The key ring behind cookies, antiforgery tokens and circuits: shared by every node, kept across restarts.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();


    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        // Case-insensitive ordering and comparison of names: SQLite's NOCASE; on PostgreSQL the ICU root collation.
        var caseInsensitive = Database.IsSqlite() ? "NOCASE" : "und-x-icu";
        if (!Database.IsSqlite())
            b.HasPostgresExtension("pg_trgm");

        b.Entity<AppUser>(e =>
        {
            e.Property(u => u.DisplayName).HasMaxLength(200);
            e.Property(u => u.TimeZone).HasMaxLength(64);
            e.Property(u => u.Language).HasMaxLength(8);
            // One sign-in per e-mail (compared as SignInNames does), enforced here so two saves at once cannot both win.
            e.HasIndex(u => u.NormalizedEmail).HasDatabaseName("EmailIndex").IsUnique();
            e.HasOne(u => u.Company).WithMany().HasForeignKey(u => u.CompanyId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Partner>(e =>
        {
            e.Property(p => p.Name).HasMaxLength(200);
            e.Property(p => p.AdministratorName).HasMaxLength(200).UseCollation(caseInsensitive);
            e.HasIndex(p => p.AdministratorName);
            e.Property(p => p.Currency).HasMaxLength(3).HasDefaultValue(Money.Default);
        });

        b.Entity<PartnerMember>(e =>
        {
            // One partner per person keeps "acting for whom" unambiguous.
            e.HasIndex(m => m.UserId).IsUnique();
            e.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId);
            e.HasOne(m => m.Partner).WithMany(p => p.Members).HasForeignKey(m => m.PartnerId);
        });

        b.Entity<Company>(e =>
        {
            // NOCASE so ORDER BY Name walks the index and sorts as a person expects.
            e.Property(c => c.Name).HasMaxLength(TextRules.Name).UseCollation(caseInsensitive);
            e.Property(c => c.OrganisationNumber).HasMaxLength(TextRules.OrganisationNumber).UseCollation(caseInsensitive);
            e.Property(c => c.AgreementNumber).HasMaxLength(40).UseCollation(caseInsensitive);
            e.Property(c => c.Country).HasMaxLength(2);
            e.HasIndex(c => c.AgreementNumber).IsUnique();
            // The keys are lower-case ASCII-ordered strings: NOCASE keeps SQLite's LIKE 'ab%' on the index, "C" is byte
            // order on PostgreSQL. One index per key and per partner serves each language's order.
            var keyCollation = Database.IsSqlite() ? "NOCASE" : "C";
            e.Property(c => c.NameKey).HasMaxLength(NameKeys.MaxLength).UseCollation(keyCollation);
            e.Property(c => c.NordicNameKey).HasMaxLength(NameKeys.MaxLength).UseCollation(keyCollation);
            e.HasIndex(c => c.NameKey);
            e.HasIndex(c => new { c.PartnerId, c.NameKey });
            e.HasIndex(c => c.NordicNameKey);
            e.HasIndex(c => new { c.PartnerId, c.NordicNameKey });
            e.HasIndex(c => new { c.PartnerId, c.AgreementNumber });
            e.HasIndex(c => new { c.PartnerId, c.OrganisationNumber });
            // Sorting by plan or agreement type walks these (ties by name in either language's order).
            e.HasIndex(c => new { c.SortPlan, c.NameKey });
            e.HasIndex(c => new { c.PartnerId, c.SortPlan, c.NameKey });
            e.HasIndex(c => new { c.SortPlan, c.NordicNameKey });
            e.HasIndex(c => new { c.PartnerId, c.SortPlan, c.NordicNameKey });
            e.HasIndex(c => new { c.SortAgreementType, c.NameKey });
            e.HasIndex(c => new { c.PartnerId, c.SortAgreementType, c.NameKey });
            e.HasIndex(c => new { c.SortAgreementType, c.NordicNameKey });
            e.HasIndex(c => new { c.PartnerId, c.SortAgreementType, c.NordicNameKey });
            e.HasOne(c => c.Partner).WithMany().HasForeignKey(c => c.PartnerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(c => c.CustomerAgreement).WithMany(a => a.Companies).HasForeignKey(c => c.CustomerAgreementId)
                .OnDelete(DeleteBehavior.Restrict);
            e.HasOne(c => c.Subscription).WithOne(s => s.Company).HasForeignKey<Subscription>(s => s.CompanyId);
            // The FTS5 search index is kept in step by triggers (see the SearchIndex migration).
            if (Database.IsSqlite())
                e.ToTable(t => t.HasTrigger("Companies_search_ai"));
            else
                // PostgreSQL's substring search: trigram GIN indexes serve ILIKE '%term%'.
                foreach (var column in new[] { nameof(Company.NameKey), nameof(Company.OrganisationNumber), nameof(Company.AgreementNumber) })
                    e.HasIndex([column], $"IX_Companies_{column}_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
        });

        b.Entity<Subscription>(e =>
        {
            e.HasKey(s => s.CompanyId);
            e.Property(s => s.SuperuserLogin).HasMaxLength(64).UseCollation(caseInsensitive);
            e.Property(s => s.SuperuserName).HasMaxLength(TextRules.Name);
            e.Property(s => s.SuperuserEmail).HasMaxLength(TextRules.Email);
            e.HasIndex(s => s.SuperuserLogin).IsUnique();
            // Copies plan and agreement type onto the company (see the SortColumns migration).
            if (Database.IsSqlite())
                e.ToTable(t => t.HasTrigger("Subscriptions_sort_ai"));
        });

        b.Entity<CustomerAgreement>(e =>
        {
            e.Property(a => a.Name).HasMaxLength(TextRules.Name).UseCollation(caseInsensitive);
            e.Property(a => a.CustomerNumber).HasMaxLength(20);
            e.HasIndex(a => new { a.PartnerId, a.Name }).IsUnique();
            e.HasIndex(a => new { a.PartnerId, a.CustomerNumber }).IsUnique();
            e.HasOne(a => a.Partner).WithMany().HasForeignKey(a => a.PartnerId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<AdministratorAccess>(e =>
        {
            e.HasIndex(a => new { a.PartnerId, a.EndedAt, a.CompanyId });
            e.HasIndex(a => new { a.CompanyId, a.EndedAt });
            e.HasOne(a => a.Company).WithMany(c => c.AdministratorAccesses).HasForeignKey(a => a.CompanyId);
            e.HasOne(a => a.Partner).WithMany().HasForeignKey(a => a.PartnerId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<SentNotice>(e =>
        {
            e.Property(n => n.Key).HasMaxLength(100);
            e.HasIndex(n => n.Key).IsUnique();
        });

        b.Entity<AuditEntry>(e =>
        {
            e.HasIndex(a => new { a.CompanyId, a.At });
            e.HasIndex(a => a.At);
            // The Activity page walks entries newest first by id, per partner, person or company.
            e.HasIndex(a => new { a.ActingForPartnerId, a.Id });
            e.HasIndex(a => new { a.ActorUserId, a.Id });
            e.HasIndex(a => new { a.OwnerPartnerId, a.Id });
            // OwnerPartnerId is filled in by a trigger (the AuditOwner migration), for every way an entry is written.
            e.ToTable(t => t.HasTrigger("AuditEntries_owner"));
            e.HasIndex(a => new { a.CompanyId, a.Id });
            // The company's access log: its entries newest first; and what was done during one visit.
            e.HasIndex(a => new { a.CompanyId, a.Action, a.Id });
            e.HasIndex(a => a.VisitId);
            e.Property(a => a.VisitId).HasMaxLength(32);
            e.Property(a => a.Reason).HasMaxLength(TextRules.Reason);
            e.Property(a => a.Ticket).HasMaxLength(TextRules.Ticket);
        });

        b.Entity<OutboxMessage>(e =>
        {
            e.Property(m => m.To).HasMaxLength(254);
            e.HasIndex(m => new { m.Status, m.NextAttemptAt });
            e.HasIndex(m => m.CreatedAt);
        });

        b.Entity<OneTimeToken>(e =>
        {
            e.Property(t => t.TokenHash).HasMaxLength(64);
            e.HasIndex(t => t.TokenHash).IsUnique();
            e.HasIndex(t => new { t.UserId, t.Purpose });
            e.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<CompanyUser>(e =>
        {
            e.Property(u => u.Email).HasMaxLength(TextRules.Email);
            e.Property(u => u.NormalizedEmail).HasMaxLength(254);
            e.Property(u => u.InvitationHash).HasMaxLength(64);
            e.HasIndex(u => new { u.CompanyId, u.NormalizedEmail }).IsUnique();
            e.HasIndex(u => u.NormalizedEmail);
            e.HasIndex(u => u.InvitationHash).IsUnique();
            e.HasOne(u => u.Company).WithMany().HasForeignKey(u => u.CompanyId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<ClientAssignment>(e =>
        {
            e.HasIndex(a => new { a.UserId, a.CompanyId }).IsUnique();
            e.HasIndex(a => a.CompanyId);
            e.HasOne(a => a.Company).WithMany().HasForeignKey(a => a.CompanyId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(a => a.User).WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<ClientInvitation>(e =>
        {
            e.Property(i => i.CompanyName).HasMaxLength(TextRules.Name);
            e.Property(i => i.OrganisationNumber).HasMaxLength(TextRules.OrganisationNumber);
            e.Property(i => i.Country).HasMaxLength(2);
            e.Property(i => i.ContactName).HasMaxLength(TextRules.Name);
            e.Property(i => i.ContactEmail).HasMaxLength(TextRules.Email);
            e.Property(i => i.Message).HasMaxLength(TextRules.Message);
            e.Property(i => i.TokenHash).HasMaxLength(64);
            e.HasIndex(i => i.TokenHash).IsUnique();
            e.HasIndex(i => new { i.PartnerId, i.Status, i.CreatedAt });
            e.HasIndex(i => new { i.PartnerId, i.OrganisationNumber });
            e.HasOne(i => i.Partner).WithMany().HasForeignKey(i => i.PartnerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(i => i.Company).WithMany().HasForeignKey(i => i.CompanyId).OnDelete(DeleteBehavior.SetNull);
        });

        b.Entity<InternetOrderSettings>(e =>
        {
            e.HasKey(s => s.CompanyId);
            e.HasOne(s => s.Company).WithOne().HasForeignKey<InternetOrderSettings>(s => s.CompanyId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Customer>(e =>
        {
            e.Property(c => c.CustomerNumber).HasMaxLength(TextRules.CustomerNumber);
            e.Property(c => c.Name).HasMaxLength(TextRules.Name).UseCollation(caseInsensitive);
            e.Property(c => c.DeliveryAddress).HasMaxLength(TextRules.Address);
            // The register is paged by name and searched by number within one company.
            e.HasIndex(c => new { c.CompanyId, c.Name, c.Id });
            e.HasIndex(c => new { c.CompanyId, c.CustomerNumber }).IsUnique();
            e.HasOne(c => c.Company).WithMany().HasForeignKey(c => c.CompanyId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Orderer>(e =>
        {
            e.Property(o => o.Name).HasMaxLength(TextRules.Name);
            e.Property(o => o.Email).HasMaxLength(TextRules.Email);
            e.HasIndex(o => new { o.CustomerId, o.PortalLoginId }).IsUnique();
            e.HasIndex(o => o.PortalLoginId);
            e.HasOne(o => o.Customer).WithMany(c => c.Orderers).HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(o => o.PortalLogin).WithMany(l => l.Orderers).HasForeignKey(o => o.PortalLoginId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<PortalLogin>(e =>
        {
            e.Property(l => l.Email).HasMaxLength(TextRules.Email);
            e.Property(l => l.NormalizedEmail).HasMaxLength(TextRules.Email);
            e.Property(l => l.SecurityStamp).HasMaxLength(64);
            e.HasIndex(l => new { l.CompanyId, l.NormalizedEmail }).IsUnique();
            e.HasOne(l => l.Company).WithMany().HasForeignKey(l => l.CompanyId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<PortalPasswordToken>(e =>
        {
            e.Property(t => t.TokenHash).HasMaxLength(64);
            e.HasIndex(t => t.TokenHash).IsUnique();
            e.HasOne(t => t.PortalLogin).WithMany().HasForeignKey(t => t.PortalLoginId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<PortalOrder>(e =>
        {
            e.Property(o => o.PlacedByName).HasMaxLength(TextRules.Name);
            e.HasIndex(o => new { o.CustomerId, o.PlacedAt });
            e.HasOne(o => o.Customer).WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.PortalOrderId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<PortalOrderLine>(e => e.Property(l => l.Text).HasMaxLength(TextRules.Name));

        b.Entity<PriceListItem>(e =>
        {
            e.Property(i => i.Name).HasMaxLength(TextRules.Name);
            e.Property(i => i.UnitPrice).HasPrecision(12, 2);
            e.HasIndex(i => i.CompanyId);
            e.HasOne<Company>().WithMany().HasForeignKey(i => i.CompanyId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<CustomerInvoice>(e =>
        {
            e.Property(i => i.Number).HasMaxLength(20);
            e.Property(i => i.Amount).HasPrecision(12, 2);
            e.HasIndex(i => new { i.CustomerId, i.IssuedOn });
            e.HasOne<Customer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Cascade);
        });

        foreach (var type in b.Model.GetEntityTypes().Where(t => typeof(IVersioned).IsAssignableFrom(t.ClrType)))
            b.Entity(type.ClrType).Property(nameof(IVersioned.Version)).IsConcurrencyToken();
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken ct = default)
    {
        BumpVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
            if (entry.State == EntityState.Modified)
                entry.Entity.Version++;
    }
}
