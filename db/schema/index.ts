export * from "./users";
export * from "./organisations";
export * from "./coalitions";
export * from "./audit";
export * from "./calls";
export * from "./proposals";
export * from "./voting";
export * from "./documents";
