namespace Integration.Connectors.Data.Exceptions;

/// <summary>Whether an exception still needs a person.</summary>
public enum ExceptionStatus
{
    Open = 0,
    Resolved = 1,
}
