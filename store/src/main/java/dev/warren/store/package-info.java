/** Placeholder. */ package dev.warren.store;
