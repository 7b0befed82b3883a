/** Placeholder. */ package dev.warren.core;
