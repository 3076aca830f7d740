using AdminConsole.Data;

namespace AdminConsole.Subscriptions;

/// <summary>One plan's prices excluding VAT, in the billing currency of the partner that sells it.</summary>
public sealed record PlanPrice(Plan Plan, decimal MonthlyPrice, decimal PricePerTransaction);

/// <summary>The small fixed plan catalogue, and the license price charged once per user per customer agreement.</summary>
public static class PlanCatalogue
{
    public const decimal PricePerUser = 59m;

    public static readonly IReadOnlyList<PlanPrice> All =
    [
        new(Plan.Small, 99m, 0.50m),
        new(Plan.Standard, 199m, 0.40m),
        new(Plan.Plus, 349m, 0.30m),
    ];

    public static PlanPrice Of(Plan plan) => All.Single(p => p.Plan == plan);
}
