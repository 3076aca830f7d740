namespace AdminConsole;

/// <summary>Marker for the shared UI strings in Resources/SharedResource.resx (English now; da, nb, de later).</summary>
public sealed class SharedResource;
