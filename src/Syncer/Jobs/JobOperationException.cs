namespace Syncer.Jobs;

/// <summary>A job operation was refused or failed for a reason the caller can act on; the message goes to <c>error_msg</c>.</summary>
public sealed class JobOperationException(string message, Exception? inner = null) : Exception(message, inner);
