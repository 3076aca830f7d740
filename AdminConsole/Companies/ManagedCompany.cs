namespace AdminConsole.Companies;

/// <summary>
/// The company this console (circuit) is inside, so moving between its pages does not count as
/// entering it again. Exit clears it.
/// </summary>
public sealed class ManagedCompany(AdminConsole.Auth.Visit visit)
{
    public CompanySummary? Current { get; private set; }

    public bool IsInside(int companyId) => Current?.Id == companyId;
    public void Enter(CompanySummary company) => Current = company;
    public void Exit()
    {
        Current = null;
        visit.End();
    }
}
