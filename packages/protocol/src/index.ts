/** Typed messages between the management server and host agents (simulator in-process, KVM over WebSocket). */
export {};
