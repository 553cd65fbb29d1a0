/// What tests check to prove nothing outlives what it belongs to. Behind the `Testing` SPI.
extension Bucket {
    /// Names of the tasks the executor still holds (running or scheduled).
    @_spi(Testing) public var liveTaskNames: [String] { executor.liveTaskNames }
}
