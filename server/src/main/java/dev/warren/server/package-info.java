/** Placeholder. */ package dev.warren.server;
