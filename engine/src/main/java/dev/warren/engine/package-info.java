/** Placeholder. */ package dev.warren.engine;
