namespace MiniDoris.Fe.Txn;

/// <summary>Doris transaction states, named as SHOW TRANSACTION prints them.</summary>
public enum TransactionStatus
{
    UNKNOWN,
    PREPARE,
    COMMITTED,
    VISIBLE,
    ABORTED,
    PRECOMMITTED,
}
