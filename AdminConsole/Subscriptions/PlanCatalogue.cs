using AdminConsole.Data;

namespace AdminConsole.Subscriptions;

/// <summary>One plan's prices, in DKK excluding VAT.</summary>
public sealed record PlanPrice(Plan Plan, decimal MonthlyPrice, decimal PricePerUser, decimal PricePerTransaction);

/// <summary>The small fixed plan catalogue.</summary>
public static class PlanCatalogue
{
    public static readonly IReadOnlyList<PlanPrice> All =
    [
        new(Plan.Small, 99m, 49m, 0.50m),
        new(Plan.Standard, 199m, 59m, 0.40m),
        new(Plan.Plus, 349m, 69m, 0.30m),
    ];

    public static PlanPrice Of(Plan plan) => All.Single(p => p.Plan == plan);
}
