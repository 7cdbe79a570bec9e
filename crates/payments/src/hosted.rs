//! The adapter for hosted-page providers speaking the sandbox protocol.
