/** Placeholder. */ package dev.warren.cli;
