/** Placeholder. */ package dev.warren.bench;
